/**
 * The Store: everything Paimy remembers between Slack events. One interface, three backends
 * (embedded PGlite by default, Supabase, direct Postgres), all running the SQL in
 * supabase/migrations. Contract: ../shared/design.md §7.
 */

/** Who a Slack user is elsewhere. `source` is `manual` when an admin set it by hand. */
export interface UserMapping {
  slackUserId: string;
  slackTeamId?: string;
  notionUserId?: string;
  googleEmail?: string;
  displayName?: string;
  timezone?: string;
  source: 'auto' | 'manual';
}

/** Something a thread referred to, so "이거" / "두 번째 거" can be resolved later. */
export interface ThreadEntity {
  type: 'task' | 'event' | 'email';
  id: string;
  title: string;
  /** 1-based position in the latest list shown in the thread, if it was in that list. */
  listPosition?: number;
}

/** What Paimy remembers about one Slack thread. `messages` is the trimmed Claude history. */
export interface ThreadContext {
  channelId: string;
  threadTs: string;
  messages: unknown[];
  entities: ThreadEntity[];
  lastTaskId?: string;
  lastTaskName?: string;
}

/** A write that waits for its requester's click. `payload` is what the executor needs. */
export interface PendingAction {
  id: string;
  kind: string;
  payload: Record<string, unknown>;
  /** What the preview said, in Korean words. */
  preview: string;
  requesterSlackId: string;
  channelId: string;
  threadTs: string;
  eventId: string;
  toolUseId: string;
  status: 'pending' | 'running' | 'done' | 'cancelled' | 'failed';
  result?: Record<string, unknown>;
  messageTs?: string;
}

export type NewPendingAction = Omit<PendingAction, 'id' | 'status' | 'result' | 'messageTs'>;

/** What a confirm/cancel click got: only `taken` lets the caller act. */
export type TakeOutcome =
  | { outcome: 'taken'; action: PendingAction }
  | { outcome: 'not_found' }
  | { outcome: 'not_requester' | 'expired' | `already_${PendingAction['status']}`; action: PendingAction };

/** What a claim got: a new event, one whose earlier owner died, or a duplicate to drop. */
export type ClaimOutcome = 'claimed' | 'taken_over' | 'duplicate';

export interface Claim {
  outcome: ClaimOutcome;
  /** The id whose journal the run uses: on a takeover, the event that first claimed the keys. */
  eventId: string;
}

export interface Store {
  /**
   * Atomically claims an event under all of its keys (e.g. `event:Ev1`, `message:C1:1700.1`)
   * for `owner` until the lease runs out (ms). A key held by a live or finished claim makes
   * it a duplicate; keys whose lease expired are taken over.
   */
  claimEvent(eventId: string, keys: string[], owner: string, leaseMs: number): Promise<Claim>;
  /** @returns false when the claim was taken over by another owner */
  renewEventLease(eventId: string, owner: string, leaseMs: number): Promise<boolean>;
  finishEvent(eventId: string, owner: string): Promise<void>;
  /** Event ids whose claims' leases expired while running (their process died). */
  expiredEventClaims(limit: number): Promise<string[]>;
  /**
   * Records one step of an event's run; the first value stored under a key wins.
   * @returns the value stored under the key (this one or an earlier one)
   */
  journalPut<T>(eventId: string, stepKey: string, value: T): Promise<T>;
  journalGet<T>(eventId: string, stepKey: string): Promise<T | undefined>;
  getUserMapping(slackUserId: string): Promise<UserMapping | undefined>;
  saveUserMapping(mapping: UserMapping): Promise<void>;
  /** @returns the thread's context, or undefined when none was saved or it expired */
  getThreadContext(channelId: string, threadTs: string): Promise<ThreadContext | undefined>;
  /** @param ttlMs how long the context is kept (ms) */
  saveThreadContext(context: ThreadContext, ttlMs: number): Promise<void>;
  /**
   * Stores a pending action once per (eventId, toolUseId); a rerun returns the existing row.
   * @param ttlMs how long the requester has to confirm (ms)
   */
  createPendingAction(action: NewPendingAction, ttlMs: number): Promise<PendingAction>;
  /** Remembers which Slack message shows the action's preview. */
  setPendingActionMessage(id: string, messageTs: string): Promise<void>;
  /** Atomically takes a pending action for its requester (confirm → running, cancel → cancelled). */
  takePendingAction(id: string, slackUserId: string, decision: 'confirm' | 'cancel'): Promise<TakeOutcome>;
  finishPendingAction(id: string, status: 'done' | 'failed', result: Record<string, unknown>): Promise<void>;
  /**
   * Reserves the next request slot of a shared rate limit (all replicas use the same store).
   * @param intervalMs spacing between slots (ms)
   * @returns how long to wait before using the slot (ms)
   */
  takeRateSlot(key: string, intervalMs: number): Promise<number>;
  /** Resolves when the store answers a trivial query; throws otherwise (used by /readyz). */
  ping(): Promise<void>;
  close(): Promise<void>;
}
