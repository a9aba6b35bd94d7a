/**
 * One Slack message in, one answer in its thread out: claim the event, find the requester,
 * load the thread's context, run the agent, reply, save the context. Contract:
 * ../shared/design.md §1.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { WebClient } from '@slack/web-api';
import type { NotionTasks, Task } from '../adapters/notion';
import type { SlackPeople } from '../adapters/slack-people';
import { runAgentTurn } from '../agent/loop';
import { trimHistory } from '../agent/history';
import { buildSystem, describeRequest } from '../agent/prompt';
import type { PaimyTool, ToolContext } from '../agent/tool';
import type { Logger } from '../logger';
import { answerMessage, noticeMessage, type SlackMessage } from '../slack/reply-blocks';
import type { Store, ThreadContext, ThreadEntity } from '../store/store';
import type { TeamTime } from '../time';
import { failureMessage } from './failure-message';
import { resolveRequester } from './identity';

/** A message addressed to Paimy, narrowed from a Slack event. */
export interface IncomingMessage {
  eventId: string;
  teamId?: string;
  channel: string;
  userId: string;
  /** The user's words with Paimy's mention removed. */
  text: string;
  ts: string;
  /** The thread the message is in; absent for a top-level message. */
  threadTs?: string;
}

export interface ConversationDeps {
  log: Logger;
  store: Store;
  anthropic: Anthropic;
  model: string;
  time: TeamTime;
  tools: ReadonlyMap<string, PaimyTool>;
  notion?: NotionTasks;
  /** Integrations that are not connected, named for the prompt (e.g. "Notion"). */
  disabled: string[];
  slack: WebClient;
  slackPeople: SlackPeople;
  /** How long a thread's context is kept (ms). */
  contextTtlMs: number;
}

const WORKING_REACTION = 'eyes';
const MAX_ENTITIES = 40;

/** Claim keys: a Slack retry reuses the event_id; the app_mention/message pair shares channel+ts. */
export function claimKeys(m: Pick<IncomingMessage, 'eventId' | 'channel' | 'ts'>): string[] {
  return [`event:${m.eventId}`, `message:${m.channel}:${m.ts}`];
}

/**
 * Answers one message exactly once. Never throws: failures become a kind reply and a log line.
 * @returns false when another delivery of the same event or message already claimed it
 */
export async function respondToMessage(deps: ConversationDeps, m: IncomingMessage): Promise<boolean> {
  const threadTs = m.threadTs ?? m.ts;
  const log = deps.log.child({ event_id: m.eventId, channel: m.channel, thread_ts: threadTs, user: m.userId });
  if (!(await deps.store.claimEvent(m.eventId, claimKeys(m)))) {
    log.info({ ts: m.ts }, 'duplicate delivery ignored');
    return false;
  }
  const post = (message: SlackMessage) =>
    deps.slack.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text: message.text, blocks: message.blocks });

  await react(deps, log, 'add', m);
  try {
    const identity = await resolveRequester({ ...deps, log }, m.userId, m.teamId);
    if (!identity.ok) {
      await post(noticeMessage(identity.message));
      return true;
    }
    const context = await deps.store.getThreadContext(m.channel, threadTs);
    const entities = new EntityLog(context?.entities ?? []);
    let shown: Task[] = [];
    const ctx: ToolContext = {
      requester: identity.requester,
      time: deps.time,
      log,
      eventId: m.eventId,
      notion: deps.notion,
      slackPeople: deps.slackPeople,
      remember: (e, position) => entities.add(e, position),
      showTasks: (tasks) => (shown = tasks),
    };
    const result = await runAgentTurn({
      client: deps.anthropic,
      model: deps.model,
      system: buildSystem(describeRequest({ time: deps.time, requester: identity.requester, context, disabled: deps.disabled })),
      tools: deps.tools,
      history: (context?.messages ?? []) as Anthropic.MessageParam[],
      userText: m.text || '(빈 메시지)',
      ctx,
      log,
    });
    await post(answerMessage(result.text, shown, deps.time));
    const lastTask = entities.lastTouched ?? findTask(context, context?.lastTaskId);
    const next: ThreadContext = {
      channelId: m.channel,
      threadTs,
      messages: trimHistory(result.messages),
      entities: entities.list().slice(-MAX_ENTITIES),
      lastTaskId: lastTask?.id,
      lastTaskName: lastTask?.title,
    };
    await deps.store.saveThreadContext(next, deps.contextTtlMs);
    log.info({ outcome: result.outcome, claude_calls: result.claudeCalls }, 'answered');
  } catch (error) {
    log.error({ err: error }, 'request failed');
    await post(noticeMessage(failureMessage(error))).catch((e: unknown) => log.error({ err: e }, 'could not post the failure notice'));
  } finally {
    await react(deps, log, 'remove', m);
  }
  return true;
}

function findTask(context: ThreadContext | undefined, id: string | undefined): ThreadEntity | undefined {
  return id ? { type: 'task', id, title: context?.lastTaskName ?? '' } : undefined;
}

/** A reaction on the user's message while Paimy works: the first visible feedback. Best effort. */
async function react(deps: ConversationDeps, log: Logger, op: 'add' | 'remove', m: IncomingMessage): Promise<void> {
  try {
    await deps.slack.reactions[op]({ channel: m.channel, timestamp: m.ts, name: WORKING_REACTION });
  } catch (error) {
    log.debug({ err: error, op }, 'working reaction failed');
  }
}

/**
 * The entities a thread refers to, in order. A newly shown list replaces the old list's
 * positions; anything touched moves to the end.
 */
class EntityLog {
  private readonly entries: ThreadEntity[];
  lastTouched?: ThreadEntity;

  constructor(existing: ThreadEntity[]) {
    this.entries = existing.map((e) => ({ ...e }));
  }

  add(entity: ThreadEntity, listPosition?: number): void {
    if (listPosition === 1) for (const e of this.entries) delete e.listPosition;
    const previous = this.entries.findIndex((e) => e.type === entity.type && e.id === entity.id);
    const kept = previous >= 0 ? this.entries.splice(previous, 1)[0]!.listPosition : undefined;
    const entry: ThreadEntity = { ...entity, listPosition: listPosition ?? kept };
    if (entry.listPosition === undefined) delete entry.listPosition;
    this.entries.push(entry);
    if (listPosition === undefined) this.lastTouched = entry;
  }

  list(): ThreadEntity[] {
    return this.entries;
  }
}
