/**
 * Exactly-once for Slack events across retries, replicas and crashes: claim the event's keys
 * with a lease, keep the lease alive while working, mark it done at the end. A claim whose
 * process died expires and is taken over; the journal lets the new owner replay what the old
 * one already did instead of doing it again.
 */
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import type { Logger } from '../logger';
import type { ClaimOutcome, Store } from '../store/store';

/** How long a claim stays exclusive without a heartbeat (ms). */
export const LEASE_MS = 120_000;
const HEARTBEAT_MS = LEASE_MS / 4;

/** This process, as a claim owner. */
export const PROCESS_OWNER = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;

/** A step of an event's run, done once: a recorded value is replayed instead of redone. */
export type Once = <T>(stepKey: string, produce: () => Promise<T>) => Promise<T>;

/**
 * @param fresh the event was just claimed for the first time: nothing can be recorded yet, so
 *   steps skip the read (three fewer queries per event on the hot path)
 */
export function journalOnce(store: Store, eventId: string, fresh = false): Once {
  // Values are boxed so a recorded `null` is told apart from "never recorded".
  return async function once<T>(stepKey: string, produce: () => Promise<T>): Promise<T> {
    if (!fresh) {
      const recorded = await store.journalGet<{ v: T }>(eventId, stepKey);
      if (recorded) return recorded.v;
    }
    return (await store.journalPut(eventId, stepKey, { v: await produce() })).v;
  };
}

export interface ClaimedRun {
  outcome: Exclude<ClaimOutcome, 'duplicate'>;
  /** The event id the run journals under (the first claimer's, after a takeover). */
  eventId: string;
  once: Once;
}

/**
 * Claims `eventId` under `keys` and runs `work` while holding the lease.
 * @returns the claim outcome; `duplicate` means `work` did not run
 */
export async function runClaimed(
  store: Store,
  log: Logger,
  claim: { eventId: string; keys: string[]; owner?: string; leaseMs?: number },
  work: (run: ClaimedRun) => Promise<void>,
): Promise<ClaimOutcome> {
  const owner = claim.owner ?? PROCESS_OWNER;
  const leaseMs = claim.leaseMs ?? LEASE_MS;
  const { outcome, eventId } = await store.claimEvent(claim.eventId, claim.keys, owner, leaseMs);
  if (outcome === 'duplicate') return outcome;
  if (outcome === 'taken_over') log.warn({ journal_event_id: eventId }, 'taking over an event whose earlier owner stopped answering');

  const heartbeat = setInterval(() => {
    store.renewEventLease(eventId, owner, leaseMs).catch((error: unknown) => log.warn({ err: error }, 'lease renewal failed'));
  }, Math.min(HEARTBEAT_MS, leaseMs / 4));
  heartbeat.unref();
  try {
    await work({ outcome, eventId, once: journalOnce(store, eventId, outcome === 'claimed') });
  } finally {
    clearInterval(heartbeat);
    await store.finishEvent(eventId, owner);
  }
  return outcome;
}
