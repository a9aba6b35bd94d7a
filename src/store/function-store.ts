/**
 * The Store as calls of the SQL functions in supabase/migrations: every backend (PGlite,
 * PostgreSQL, Supabase) runs the very same SQL; only how a function is called differs.
 */
import type { Claim, PendingAction, Store, TakeOutcome, ThreadContext, UserMapping } from './store';

/** A value for a jsonb parameter: SQL clients send its JSON text, Supabase its value. */
export class JsonArg {
  constructor(readonly value: unknown) {}
}
export const json = (value: unknown) => new JsonArg(value);

/**
 * Calls one SQL function with named arguments and returns its (json-decoded) result.
 * PGlite/Postgres: `select fn(p_a => $1, …)`; Supabase: `rpc('fn', { p_a, … })`.
 */
export type CallFunction = (fn: string, args: Record<string, unknown>) => Promise<unknown>;

interface MappingRow {
  slack_user_id: string;
  slack_team_id: string | null;
  notion_user_id: string | null;
  google_email: string | null;
  display_name: string | null;
  timezone: string | null;
  source: 'auto' | 'manual';
}

interface ContextRow {
  messages: unknown[];
  entities: ThreadContext['entities'];
  last_task_id: string | null;
  last_task_name: string | null;
}

interface PendingRow {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  preview: string;
  requester_slack_id: string;
  slack_channel_id: string;
  slack_thread_ts: string;
  slack_event_id: string;
  tool_use_id: string;
  status: PendingAction['status'];
  result: Record<string, unknown> | null;
  message_ts: string | null;
}

const orUndefined = <T>(v: T | null | undefined): T | undefined => (v === null ? undefined : v);
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const seconds = (ms: number) => Math.max(1, Math.round(ms / 1000));

function toPendingAction(r: PendingRow): PendingAction {
  return {
    id: r.id,
    kind: r.kind,
    payload: r.payload,
    preview: r.preview,
    requesterSlackId: r.requester_slack_id,
    channelId: r.slack_channel_id,
    threadTs: r.slack_thread_ts,
    eventId: r.slack_event_id,
    toolUseId: r.tool_use_id,
    status: r.status,
    result: orUndefined(r.result),
    messageTs: orUndefined(r.message_ts),
  };
}

export function createFunctionStore(call: CallFunction, close: () => Promise<void>): Store {
  return {
    async claimEvent(eventId, keys, owner, leaseMs) {
      const claim = (await call('claim_event', { p_event_id: eventId, p_keys: json(keys), p_owner: owner, p_lease_seconds: seconds(leaseMs) })) as { outcome: Claim['outcome']; event_id: string };
      return { outcome: claim.outcome, eventId: claim.event_id };
    },
    async renewEventLease(eventId, owner, leaseMs) {
      return (await call('renew_event_lease', { p_event_id: eventId, p_owner: owner, p_lease_seconds: seconds(leaseMs) })) === true;
    },
    async finishEvent(eventId, owner) {
      await call('finish_event', { p_event_id: eventId, p_owner: owner });
    },
    async expiredEventClaims(limit) {
      return ((await call('expired_event_claims', { p_limit: limit })) ?? []) as string[];
    },
    async journalPut(eventId, stepKey, value) {
      return (await call('journal_put', { p_event_id: eventId, p_step_key: stepKey, p_value: json(value) })) as typeof value;
    },
    async journalGet(eventId, stepKey) {
      return ((await call('journal_get', { p_event_id: eventId, p_step_key: stepKey })) ?? undefined) as never;
    },

    async getUserMapping(slackUserId) {
      const r = (await call('get_user_mapping', { p_slack_user_id: slackUserId })) as MappingRow | null;
      if (!r) return undefined;
      return {
        slackUserId: r.slack_user_id,
        slackTeamId: orUndefined(r.slack_team_id),
        notionUserId: orUndefined(r.notion_user_id),
        googleEmail: orUndefined(r.google_email),
        displayName: orUndefined(r.display_name),
        timezone: orUndefined(r.timezone),
        source: r.source,
      } satisfies UserMapping;
    },
    async saveUserMapping(m) {
      await call('save_user_mapping', {
        p_slack_user_id: m.slackUserId,
        p_slack_team_id: m.slackTeamId ?? null,
        p_notion_user_id: m.notionUserId ?? null,
        p_google_email: m.googleEmail ?? null,
        p_display_name: m.displayName ?? null,
        p_timezone: m.timezone ?? null,
        p_source: m.source,
      });
    },

    async getThreadContext(channelId, threadTs) {
      const r = (await call('get_thread_context', { p_channel_id: channelId, p_thread_ts: threadTs })) as ContextRow | null;
      if (!r) return undefined;
      return {
        channelId,
        threadTs,
        messages: r.messages,
        entities: r.entities,
        lastTaskId: orUndefined(r.last_task_id),
        lastTaskName: orUndefined(r.last_task_name),
      };
    },
    async saveThreadContext(c, ttlMs) {
      await call('save_thread_context', {
        p_channel_id: c.channelId,
        p_thread_ts: c.threadTs,
        p_messages: json(c.messages),
        p_entities: json(c.entities),
        p_last_task_id: c.lastTaskId ?? null,
        p_last_task_name: c.lastTaskName ?? null,
        p_ttl_seconds: seconds(ttlMs),
      });
    },

    async createPendingAction(a, ttlMs) {
      const row = (await call('create_pending_action', {
        p_kind: a.kind,
        p_payload: json(a.payload),
        p_preview: a.preview,
        p_requester: a.requesterSlackId,
        p_channel: a.channelId,
        p_thread_ts: a.threadTs,
        p_event_id: a.eventId,
        p_tool_use_id: a.toolUseId,
        p_ttl_seconds: seconds(ttlMs),
      })) as PendingRow;
      return toPendingAction(row);
    },
    async setPendingActionMessage(id, messageTs) {
      await call('set_pending_action_message', { p_id: id, p_message_ts: messageTs });
    },
    async takePendingAction(id, slackUserId, decision) {
      if (!UUID.test(id)) return { outcome: 'not_found' }; // a forged button value never reaches SQL as a bad uuid
      const raw = (await call('take_pending_action', { p_id: id, p_user: slackUserId, p_decision: decision })) as { outcome: string; action?: PendingRow };
      if (!raw.action) return { outcome: 'not_found' };
      return { outcome: raw.outcome, action: toPendingAction(raw.action) } as TakeOutcome;
    },
    async finishPendingAction(id, status, result) {
      await call('finish_pending_action', { p_id: id, p_status: status, p_result: json(result) });
    },

    async takeRateSlot(key, intervalMs) {
      return Number(await call('take_rate_slot', { p_key: key, p_interval_ms: Math.max(1, Math.round(intervalMs)) }));
    },

    async ping() {
      await call('ping', {});
    },
    close,
  };
}
