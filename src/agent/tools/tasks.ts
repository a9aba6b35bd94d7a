/**
 * Task tools over the Notion task database: get_tasks, get_task, update_task, create_task.
 * Contract: ../shared/design.md §5. Period ranges are computed here, in the team zone.
 */
import { z } from 'zod';
import type { Task, TaskChanges, TaskQuery } from '../../adapters/notion';
import { TASK_STATUSES } from '../../config';
import type { TaskAction } from '../../confirmations/task-actions';
import { type TeamTime, PERIODS, dayBounds, formatKorean, parseTeamTime, periodRange, toTeamIso } from '../../time';
import { type ToolContext, ToolInputError, defineTool } from '../tool';

const status = z.enum(TASK_STATUSES);
const priority = z.enum(['High', 'Medium', 'Low']);
const notionId = z.string().trim().min(1).describe('Notion user id (from find_person or the prompt)');
const dateText = z
  .string()
  .trim()
  .describe('ISO 8601 date (2026-11-24) or date-time; a date-time without offset means the team zone');

function notion(ctx: ToolContext) {
  if (!ctx.notion) throw new ToolInputError('Notion is not connected, so tasks are unavailable.');
  return ctx.notion;
}

/** A date Claude gave as `YYYY-MM-DD` in the team zone (a date-time keeps its date there). */
function toDate(field: string, value: string, time: TeamTime): string {
  try {
    const parsed = parseTeamTime(value, time);
    return parsed.kind === 'date' ? parsed.date : parsed.iso.slice(0, 10);
  } catch (error) {
    throw new ToolInputError(`${field}: ${(error as Error).message}`);
  }
}

/** The first and last instants of team-zone dates, for Notion's date filter. */
function instantsOf(from: string | undefined, to: string | undefined, time: TeamTime) {
  return {
    after: from ? dayBounds(from, time).start : undefined,
    before: to ? dayBounds(to, time).end : undefined,
  };
}

/** A due value for Notion: a date stays a date; a date-time gets the team zone's offset. */
function toDue(value: string, time: TeamTime): string {
  try {
    const parsed = parseTeamTime(value, time);
    return parsed.kind === 'date' ? parsed.date : parsed.iso;
  } catch (error) {
    throw new ToolInputError(`due_date: ${(error as Error).message}`);
  }
}

/** What Claude sees of a task; dates re-expressed in the team zone. */
function summarize(task: Task, time: TeamTime) {
  return {
    id: task.id,
    title: task.title,
    status: task.status ?? task.statusName,
    due: task.due ? toTeamIso(task.due, time) : null,
    priority: task.priority,
    owners: task.owners.map((o) => o.name ?? o.id),
    url: task.url,
  };
}

/** The preview's lines for task changes, dates in Korean words. */
function describeChanges(c: TaskChanges, time: TeamTime): string[] {
  return [
    c.status ? `• 상태: ${c.status}` : undefined,
    c.due ? `• 마감: ${formatKorean(c.due, time)}` : undefined,
    c.priority ? `• 우선순위: ${c.priority}` : undefined,
    c.ownerIds ? `• 담당자: ${c.ownerIds.length}명` : undefined,
    c.details ? `• 상세: ${c.details.slice(0, 200)}` : undefined,
    c.source ? `• 소스: ${c.source}` : undefined,
  ].filter((l): l is string => l !== undefined);
}

/** A write asked for after reading someone else's text: stored for the requester's click. */
async function awaitConfirmation(ctx: ToolContext, action: TaskAction, preview: string) {
  const pending = await ctx.requestConfirmation({ kind: action.kind, payload: action as unknown as Record<string, unknown>, preview, toolUseId: ctx.toolUseId });
  return {
    status: 'awaiting_confirmation',
    preview,
    pending_action_id: pending.id,
    note:
      'This turn read text written by someone else, so this change waits for the user to click 확인 under the preview. ' +
      'Nothing has changed yet; do not say it is done.',
  };
}

function remember(ctx: ToolContext, task: Task, listPosition?: number): void {
  ctx.remember({ type: 'task', id: task.id, title: task.title }, listPosition);
}

export const getTasks = defineTool({
  name: 'get_tasks',
  needs: 'notion',
  description:
    "List tasks from the Notion task database. Without owner_notion_id it lists the requester's own tasks. " +
    'Use `period` for today / this_week / next_week / overdue (computed in the team zone, weeks start Monday); ' +
    'Done tasks are left out unless `status` asks for them. The user sees the returned tasks as a list with ' +
    'a "완료" button each, in the order returned.',
  input: z.object({
    owner_notion_id: notionId.optional(),
    status: status.optional().describe('only tasks in this state'),
    period: z.enum(PERIODS).optional(),
    due_date_start: dateText.optional().describe('due on or after this date'),
    due_date_end: dateText.optional().describe('due on or before this date'),
    query: z.string().trim().min(1).optional().describe('words in the task title'),
    limit: z.number().int().min(1).max(50).default(20),
  }),
  async run(input, ctx) {
    const owner = input.owner_notion_id ?? ctx.requester.notionUserId;
    if (!owner) throw new ToolInputError("the requester has no Notion account mapped; pass owner_notion_id");
    const q: TaskQuery = { ownerId: owner, limit: input.limit, titleContains: input.query };
    if (input.status) q.statuses = [input.status];
    else q.excludeStatuses = ['Done'];
    let range: { from?: string; to?: string } = {};
    if (input.period) {
      const r = periodRange(input.period, ctx.time);
      range = { from: r.startDate, to: r.endDate };
    }
    if (input.due_date_start) range.from = toDate('due_date_start', input.due_date_start, ctx.time);
    if (input.due_date_end) range.to = toDate('due_date_end', input.due_date_end, ctx.time);
    if (range.from && range.to && range.from > range.to) {
      throw new ToolInputError(`the range ends (${range.to}) before it starts (${range.from})`);
    }
    const bounds = instantsOf(range.from, range.to, ctx.time);
    q.dueOnOrAfter = bounds.after;
    q.dueOnOrBefore = bounds.before;

    const tasks = await notion(ctx).queryTasks(q);
    ctx.markUntrusted(); // titles are teammates' words
    tasks.forEach((t, i) => remember(ctx, t, i + 1));
    ctx.showTasks(tasks);
    return {
      due_range: range.from || range.to ? { from: range.from ?? null, to: range.to ?? null } : null,
      count: tasks.length,
      tasks: tasks.map((t, i) => ({ position: i + 1, ...summarize(t, ctx.time) })),
    };
  },
});

export const getTask = defineTool({
  name: 'get_task',
  needs: 'notion',
  description: 'Read one task, including its details, by its Notion page id.',
  input: z.object({ task_id: z.string().trim().min(1).describe('Notion page id of the task') }),
  async run({ task_id }, ctx) {
    const task = await notion(ctx).getTask(task_id);
    ctx.markUntrusted(); // details are free text anyone could have written
    remember(ctx, task);
    return { ...summarize(task, ctx.time), details: task.details, source: task.source, source_url: task.sourceUrl };
  },
});

export const updateTask = defineTool({
  name: 'update_task',
  needs: 'notion',
  writes: true,
  description:
    'Change a task: status (Backlog, In Progress, Blocked, Done), owner, due date, priority or details. ' +
    'Resolve "이거", "this", "두 번째 거" to a task id from the thread context before calling.',
  input: z.object({
    task_id: z.string().trim().min(1).describe('Notion page id of the task'),
    status: status.optional(),
    owner_notion_id: notionId.optional(),
    due_date: dateText.optional(),
    priority: priority.optional(),
    details: z.string().optional().describe('replaces the task details'),
  }),
  async run(input, ctx) {
    const changes: TaskChanges = {
      status: input.status,
      ownerIds: input.owner_notion_id ? [input.owner_notion_id] : undefined,
      due: input.due_date ? toDue(input.due_date, ctx.time) : undefined,
      priority: input.priority,
      details: input.details,
    };
    if (Object.values(changes).every((v) => v === undefined)) {
      throw new ToolInputError('nothing to change: give at least one of status, owner_notion_id, due_date, priority, details');
    }
    if (ctx.untrustedSeen) {
      const current = await notion(ctx).getTask(input.task_id);
      const preview = [`📝 *${current.title}* 태스크를 바꿀까요?`, ...describeChanges(changes, ctx.time)].join('\n');
      return awaitConfirmation(ctx, { kind: 'update_task', taskId: current.id, changes }, preview);
    }
    const task = await notion(ctx).updateTask(input.task_id, changes);
    ctx.log.info({ task_id: task.id, changes: Object.keys(changes).filter((k) => changes[k as keyof TaskChanges] !== undefined) }, 'task updated');
    remember(ctx, task);
    return { updated: true, task: summarize(task, ctx.time) };
  },
});

export const createTask = defineTool({
  name: 'create_task',
  needs: 'notion',
  writes: true,
  description:
    'Create a task in the Notion task database. Default owner: the requester; default status: Backlog; ' +
    'default source: Slack.',
  input: z.object({
    title: z.string().trim().min(1).max(2000),
    owner_notion_id: notionId.optional(),
    due_date: dateText.optional(),
    priority: priority.optional(),
    status: status.default('Backlog'),
    details: z.string().optional(),
    source: z.enum(['Slack', 'Gmail', 'Calendar', 'Manual']).default('Slack'),
    source_url: z.url().optional(),
  }),
  async run(input, ctx) {
    const owner = input.owner_notion_id ?? ctx.requester.notionUserId;
    const draft = {
      title: input.title,
      ownerIds: owner ? [owner] : undefined,
      due: input.due_date ? toDue(input.due_date, ctx.time) : undefined,
      priority: input.priority,
      status: input.status,
      details: input.details,
      source: input.source,
      sourceUrl: input.source_url,
    };
    if (ctx.untrustedSeen) {
      const preview = [`🆕 *${input.title}* 태스크를 만들까요?`, ...describeChanges(draft, ctx.time)].join('\n');
      return awaitConfirmation(ctx, { kind: 'create_task', task: draft }, preview);
    }
    const task = await notion(ctx).createTask(draft);
    ctx.log.info({ task_id: task.id }, 'task created');
    remember(ctx, task);
    return { created: true, task: summarize(task, ctx.time) };
  },
});
