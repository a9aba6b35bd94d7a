/**
 * One Slack message in, one answer in its thread out: claim the event, find the requester,
 * load the thread's context, run the agent, reply, save the context. Contract:
 * ../shared/design.md §1.
 */
import type Anthropic from '@anthropic-ai/sdk';
import type { WebClient } from '@slack/web-api';
import type { GoogleCalendar } from '../adapters/google-calendar';
import type { Gmail } from '../adapters/gmail';
import type { NotionTasks, Task } from '../adapters/notion';
import type { SlackPeople } from '../adapters/slack-people';
import { redactPrivateTurn, trimHistory } from '../agent/history';
import { runAgentTurn } from '../agent/loop';
import { buildSystem, describeRequest } from '../agent/prompt';
import type { PaimyTool, SchedulingRules, ToolContext } from '../agent/tool';
import type { Logger } from '../logger';
import { type SlackMessage, answerMessage, noticeMessage } from '../slack/reply-blocks';
import type { PendingAction, Store } from '../store/store';
import type { TeamTime } from '../time';
import { previewBlocks } from './confirmation-blocks';
import { EntityLog } from './entity-log';
import { type Once, runClaimed } from './event-claim';
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
  calendar?: GoogleCalendar;
  gmail?: Gmail;
  scheduling: SchedulingRules;
  /** Integrations that are not connected, named for the prompt (e.g. "Notion"). */
  disabled: string[];
  slack: WebClient;
  slackPeople: SlackPeople;
  /** How long a thread's context is kept (ms). */
  contextTtlMs: number;
  /** How long a preview can still be confirmed (ms). */
  confirmationTtlMs: number;
  /** How long an event claim stays exclusive without a heartbeat (ms). */
  leaseMs: number;
}

const WORKING_REACTION = 'eyes';
const MAX_ENTITIES = 40;
const PRIVATE_NOTE = (user: string) => `🔒 개인 메일·일정 내용이 있어서 <@${user}>님께만 보이는 메시지로 답했어요.`;

/** Claim keys: a Slack retry reuses the event_id; the app_mention/message pair shares channel+ts. */
export function claimKeys(m: Pick<IncomingMessage, 'eventId' | 'channel' | 'ts'>): string[] {
  return [`event:${m.eventId}`, `message:${m.channel}:${m.ts}`];
}

/** DMs are already private; channels (C…) and private channels/group DMs (G…) are not. */
const isDirectMessage = (channel: string) => channel.startsWith('D');

/**
 * Answers one message exactly once. Never throws: failures become a kind reply and a log line.
 * @returns false when another delivery of the same event or message already claimed it
 */
export async function respondToMessage(deps: ConversationDeps, m: IncomingMessage): Promise<boolean> {
  const threadTs = m.threadTs ?? m.ts;
  const log = deps.log.child({ event_id: m.eventId, channel: m.channel, thread_ts: threadTs, user: m.userId });
  const outcome = await runClaimed(deps.store, log, { eventId: m.eventId, keys: claimKeys(m), leaseMs: deps.leaseMs }, async ({ once, eventId }) => {
    await once('message', async () => m); // what a takeover needs to rerun this event
    // Side effects are keyed by the journal's event id, so a rerun under a twin id repeats none.
    await answer(deps, { ...m, eventId }, threadTs, log, once);
  });
  if (outcome === 'duplicate') log.info({ ts: m.ts }, 'duplicate delivery ignored');
  return outcome !== 'duplicate';
}

async function answer(deps: ConversationDeps, m: IncomingMessage, threadTs: string, log: Logger, once: Once): Promise<void> {
  // Posting is a journaled step too: a takeover never posts the same answer twice.
  const post = (message: SlackMessage, step = 'reply') =>
    once(step, async () => {
      const res = await deps.slack.chat.postMessage({ channel: m.channel, thread_ts: threadTs, text: message.text, blocks: message.blocks });
      return { ts: res.ts ?? '' };
    });

  await react(deps, log, 'add', m);
  try {
    const identity = await resolveRequester({ ...deps, log }, m.userId, m.teamId);
    if (!identity.ok) {
      await post(noticeMessage(identity.message));
      return;
    }
    const context = await deps.store.getThreadContext(m.channel, threadTs);
    const entities = new EntityLog(context?.entities ?? []);
    const pending: PendingAction[] = [];
    let shown: Task[] = [];
    let isPrivate = false;
    // Mail read earlier in this thread stays in its history: treat the whole thread as untrusted.
    let untrusted = (context?.entities ?? []).some((e) => e.type === 'email');
    const ctx: ToolContext = {
      requester: identity.requester,
      time: deps.time,
      log,
      eventId: m.eventId,
      toolUseId: '',
      once,
      notion: deps.notion,
      calendar: deps.calendar,
      gmail: deps.gmail,
      scheduling: deps.scheduling,
      slackPeople: deps.slackPeople,
      remember: (e, position) => entities.add(e, position),
      showTasks: (tasks) => (shown = tasks),
      markPrivate: () => (isPrivate = true),
      markUntrusted: () => (untrusted = true),
      untrustedSeen: false,
      isUntrusted: () => untrusted,
      requestConfirmation: async (request) => {
        const action = await deps.store.createPendingAction(
          { ...request, requesterSlackId: m.userId, channelId: m.channel, threadTs, eventId: m.eventId },
          deps.confirmationTtlMs,
        );
        pending.push(action);
        return action;
      },
    };
    const history = (context?.messages ?? []) as Anthropic.MessageParam[];
    const result = await runAgentTurn({
      client: deps.anthropic,
      model: deps.model,
      system: buildSystem(describeRequest({ time: deps.time, requester: identity.requester, context, disabled: deps.disabled })),
      tools: deps.tools,
      history,
      userText: m.text || '(빈 메시지)',
      ctx,
      log,
      once,
    });

    const reply = answerMessage(result.text, shown, deps.time);
    reply.blocks.push(...pending.flatMap(previewBlocks));
    if (isPrivate && !isDirectMessage(m.channel)) {
      await once('private-reply', () =>
        deps.slack.chat.postEphemeral({ channel: m.channel, user: m.userId, thread_ts: threadTs, text: reply.text, blocks: reply.blocks }).then(() => true),
      );
      await post(noticeMessage(PRIVATE_NOTE(m.userId)));
    } else {
      const posted = await post(reply);
      for (const action of pending) if (posted.ts) await deps.store.setPendingActionMessage(action.id, posted.ts);
    }

    const lastTask = entities.lastTask ?? (context?.lastTaskId ? { id: context.lastTaskId, title: context.lastTaskName ?? '' } : undefined);
    const messages = isPrivate && !isDirectMessage(m.channel) ? redactPrivateTurn(result.messages, history.length) : result.messages;
    await deps.store.saveThreadContext(
      {
        channelId: m.channel,
        threadTs,
        messages: trimHistory(messages),
        entities: entities.list(MAX_ENTITIES),
        lastTaskId: lastTask?.id,
        lastTaskName: lastTask?.title,
      },
      deps.contextTtlMs,
    );
    log.info({ outcome: result.outcome, claude_calls: result.claudeCalls, pending_actions: pending.length, private: isPrivate }, 'answered');
  } catch (error) {
    log.error({ err: error }, 'request failed');
    await post(noticeMessage(failureMessage(error)), 'failure-notice').catch((e: unknown) => log.error({ err: e }, 'could not post the failure notice'));
  } finally {
    await react(deps, log, 'remove', m);
  }
}

/**
 * The first visible feedback while Paimy works, the way Slack's AI apps show it: a status line
 * in an assistant thread (a DM thread; Slack clears it when the reply lands), and a reaction on
 * the user's message everywhere. Best effort: feedback never fails a request.
 * Source: https://api.slack.com/methods/assistant.threads.setStatus
 */
async function react(deps: ConversationDeps, log: Logger, op: 'add' | 'remove', m: IncomingMessage): Promise<void> {
  const work: Promise<unknown>[] = [deps.slack.reactions[op]({ channel: m.channel, timestamp: m.ts, name: WORKING_REACTION })];
  if (op === 'add' && isDirectMessage(m.channel) && m.threadTs) {
    work.push(deps.slack.assistant.threads.setStatus({ channel_id: m.channel, thread_ts: m.threadTs, status: '생각하는 중…' }));
  }
  for (const result of await Promise.allSettled(work)) {
    if (result.status === 'rejected') log.debug({ err: result.reason, op }, 'working feedback failed');
  }
}
