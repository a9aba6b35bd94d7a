/**
 * A Store over any SQL client that speaks Postgres (PGlite, node-postgres): the same
 * statements and the same migration functions for both.
 */
import type { PendingAction, Store, TakeOutcome, ThreadContext, UserMapping } from './store';

/** The one thing a SQL backend must offer: parameterised queries ($1, $2…) returning rows. */
export interface SqlClient {
  query<T>(sql: string, params?: unknown[]): Promise<{ rows: T[] }>;
  close(): Promise<void>;
}

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

/** A pending_actions row (as `to_jsonb` returns it) in Paimy's shape. */
export function toPendingAction(r: PendingRow): PendingAction {
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
    result: r.result ?? undefined,
    messageTs: r.message_ts ?? undefined,
  };
}

/** take_pending_action's jsonb answer in Paimy's shape. */
export function toTakeOutcome(raw: { outcome: string; action?: PendingRow }): TakeOutcome {
  if (!raw.action) return { outcome: 'not_found' };
  return { outcome: raw.outcome, action: toPendingAction(raw.action) } as TakeOutcome;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

const orUndefined = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function createSqlStore(sql: SqlClient): Store {
  return {
    async claimEvent(eventId, keys) {
      const { rows } = await sql.query<{ claimed: boolean }>(
        'select claim_event($1, $2::text[]) as claimed',
        [eventId, keys],
      );
      return rows[0]?.claimed === true;
    },

    async getUserMapping(slackUserId) {
      const { rows } = await sql.query<MappingRow>(
        'select * from user_mappings where slack_user_id = $1',
        [slackUserId],
      );
      const r = rows[0];
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
      await sql.query('select save_user_mapping($1, $2, $3, $4, $5, $6, $7)', [
        m.slackUserId,
        m.slackTeamId ?? null,
        m.notionUserId ?? null,
        m.googleEmail ?? null,
        m.displayName ?? null,
        m.timezone ?? null,
        m.source,
      ]);
    },

    async getThreadContext(channelId, threadTs) {
      const { rows } = await sql.query<ContextRow>(
        `select messages, entities, last_task_id, last_task_name from conversation_context
          where slack_channel_id = $1 and slack_thread_ts = $2 and expires_at > now()`,
        [channelId, threadTs],
      );
      const r = rows[0];
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
      await sql.query('select save_thread_context($1, $2, $3::jsonb, $4::jsonb, $5, $6, $7)', [
        c.channelId,
        c.threadTs,
        JSON.stringify(c.messages),
        JSON.stringify(c.entities),
        c.lastTaskId ?? null,
        c.lastTaskName ?? null,
        Math.max(1, Math.round(ttlMs / 1000)),
      ]);
    },

    async createPendingAction(a, ttlMs) {
      const { rows } = await sql.query<{ row: PendingRow }>(
        'select create_pending_action($1, $2::jsonb, $3, $4, $5, $6, $7, $8, $9) as row',
        [a.kind, JSON.stringify(a.payload), a.preview, a.requesterSlackId, a.channelId, a.threadTs, a.eventId, a.toolUseId, Math.max(1, Math.round(ttlMs / 1000))],
      );
      return toPendingAction(rows[0]!.row);
    },

    async setPendingActionMessage(id, messageTs) {
      await sql.query('select set_pending_action_message($1::uuid, $2)', [id, messageTs]);
    },

    async takePendingAction(id, slackUserId, decision) {
      if (!UUID.test(id)) return { outcome: 'not_found' }; // a forged button value never reaches SQL as a bad uuid
      const { rows } = await sql.query<{ taken: { outcome: string; action?: PendingRow } }>(
        'select take_pending_action($1::uuid, $2, $3) as taken',
        [id, slackUserId, decision],
      );
      return toTakeOutcome(rows[0]!.taken);
    },

    async finishPendingAction(id, status, result) {
      await sql.query('select finish_pending_action($1::uuid, $2, $3::jsonb)', [id, status, JSON.stringify(result)]);
    },

    async ping() {
      await sql.query('select 1');
    },

    close: () => sql.close(),
  };
}
