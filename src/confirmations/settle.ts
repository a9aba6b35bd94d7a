/**
 * A click on 확인 or 취소 under a preview. The store hands the pending action to its requester
 * exactly once; the action then runs in code (no Claude call) and the preview's buttons are
 * replaced by the outcome. Anyone else's click, or a second click, changes nothing.
 */
import type { KnownBlock } from '@slack/types';
import type { WebClient } from '@slack/web-api';
import type { GoogleCalendar } from '../adapters/google-calendar';
import { settleBlocks } from '../conversation/confirmation-blocks';
import type { Logger } from '../logger';
import type { PendingAction, Store } from '../store/store';
import { type TeamTime, formatKoreanRange, previousDate } from '../time';
import type { NotionTasks } from '../adapters/notion';
import { CALENDAR_ACTION_KINDS, type CalendarAction, type CalendarActionResult, runCalendarAction } from './calendar-actions';
import { TASK_ACTION_KINDS, type TaskAction, type TaskActionResult, runTaskAction } from './task-actions';

export interface SettleDeps {
  store: Store;
  slack: WebClient;
  calendar?: GoogleCalendar;
  notion?: NotionTasks;
  time: TeamTime;
  log: Logger;
}

export interface Click {
  decision: 'confirm' | 'cancel';
  actionId: string;
  userId: string;
  channel?: string;
  messageTs?: string;
  threadTs?: string;
  blocks: KnownBlock[];
  text: string;
}

export async function settlePendingAction(deps: SettleDeps, click: Click): Promise<void> {
  const log = deps.log.child({ pending_action_id: click.actionId, user: click.userId, decision: click.decision });
  const tell = (text: string) =>
    click.channel
      ? deps.slack.chat.postEphemeral({ channel: click.channel, user: click.userId, thread_ts: click.threadTs, text }).then(() => undefined)
      : Promise.resolve();
  const settle = (outcome: string) =>
    click.channel && click.messageTs
      ? deps.slack.chat.update({ channel: click.channel, ts: click.messageTs, text: click.text, blocks: settleBlocks(click.blocks, click.actionId, outcome) }).then(() => undefined)
      : Promise.resolve();

  const taken = await deps.store.takePendingAction(click.actionId, click.userId, click.decision);
  log.info({ outcome: taken.outcome }, 'confirmation click');
  switch (taken.outcome) {
    case 'not_found':
      return tell('이 요청을 찾을 수 없어요. 다시 요청해 주세요.');
    case 'not_requester':
      return tell(`이 작업은 요청한 <@${taken.action.requesterSlackId}>님만 확인하거나 취소할 수 있어요.`);
    case 'expired':
      await settle('⌛ 확인 시간이 지나 실행하지 않았어요. 필요하면 다시 요청해 주세요.');
      return tell('확인 시간이 지나서 실행하지 않았어요. 다시 요청해 주세요.');
    case 'taken':
      break;
    default:
      return tell('이미 처리된 요청이에요.');
  }
  if (click.decision === 'cancel') return settle(`취소했어요. (<@${click.userId}>)`);

  try {
    const result = await execute(deps, taken.action);
    await deps.store.finishPendingAction(taken.action.id, 'done', result as unknown as Record<string, unknown>);
    await settle(describeResult(result, deps.time));
  } catch (error) {
    log.error({ err: error }, 'confirmed action failed');
    await deps.store.finishPendingAction(taken.action.id, 'failed', { error: error instanceof Error ? error.message : String(error) });
    await settle('⚠️ 실행하지 못했어요. 잠시 후 다시 요청해 주세요.');
    await tell(`실행하지 못했어요: ${error instanceof Error ? error.message : String(error)}`);
  }
}

async function execute(deps: SettleDeps, action: PendingAction): Promise<CalendarActionResult | TaskActionResult> {
  if ((TASK_ACTION_KINDS as readonly string[]).includes(action.kind)) {
    if (!deps.notion) throw new Error('Notion is not connected');
    return runTaskAction(deps.notion, action.payload as unknown as TaskAction);
  }
  if ((CALENDAR_ACTION_KINDS as readonly string[]).includes(action.kind)) {
    if (!deps.calendar) throw new Error('Google Calendar is not connected');
    return runCalendarAction(deps.calendar, action.payload as unknown as CalendarAction);
  }
  throw new Error(`unknown action kind ${action.kind}`);
}

function describeResult(r: CalendarActionResult | TaskActionResult, time: TeamTime): string {
  if ('task_id' in r) {
    return `✅ 태스크를 ${r.done === 'task_created' ? '만들었어요' : '바꿨어요'}: <${r.url}|${r.title}>${r.status ? ` · ${r.status}` : ''}`;
  }
  return describeCalendarResult(r, time);
}

function describeCalendarResult(r: CalendarActionResult, time: TeamTime): string {
  const title = r.link ? `<${r.link}|${r.summary ?? '일정'}>` : `*${r.summary ?? '일정'}*`;
  const when = r.start && r.end ? ` · ${formatKoreanRange(r.start, /^\d{4}-\d{2}-\d{2}$/.test(r.end) ? previousDate(r.end) : r.end, time)}` : '';
  const meet = r.meet_link ? ` · <${r.meet_link}|Google Meet>` : '';
  switch (r.done) {
    case 'created':
      return `✅ 일정을 만들었어요: ${title}${when}${meet}`;
    case 'updated':
      return `✅ 일정을 바꿨어요: ${title}${when}${meet}`;
    case 'deleted':
      return '✅ 일정을 삭제했어요.';
  }
}
