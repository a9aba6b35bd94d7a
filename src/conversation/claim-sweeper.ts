/**
 * Finishes events whose process died mid-answer: claims whose lease expired are looked up
 * periodically and their journaled message is answered again, replaying what was done.
 */
import type { Logger } from '../logger';
import type { Store } from '../store/store';
import type { IncomingMessage } from './respond';

export interface SweeperOptions {
  store: Store;
  log: Logger;
  intervalMs: number;
  /** Answers a message again (claims it first; never throws). */
  resume(message: IncomingMessage): Promise<unknown>;
}

/** @returns a function that stops the sweeper */
export function startClaimSweeper(opts: SweeperOptions): () => void {
  let running = false;
  const sweep = async () => {
    if (running) return;
    running = true;
    try {
      for (const eventId of await opts.store.expiredEventClaims(10)) {
        const recorded = await opts.store.journalGet<{ v: IncomingMessage }>(eventId, 'message');
        if (!recorded) continue; // died before recording it; a Slack retry can still claim it
        opts.log.warn({ event_id: eventId }, 'resuming an event whose process stopped answering');
        await opts.resume(recorded.v);
      }
    } catch (error) {
      opts.log.warn({ err: error }, 'claim sweep failed');
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void sweep(), opts.intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
