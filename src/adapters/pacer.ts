/**
 * Pacing for APIs with a per-integration rate limit shared by every replica (Notion: about 3
 * requests per second). Each request first reserves a slot in the store, then waits for it.
 * A fetch wrapper, so the SDK's own retries (429 with Retry-After) are paced too.
 */
import type { Store } from '../store/store';

export type FetchLike = typeof fetch;

/**
 * @param ratePerSecond requests per second across all replicas
 * @returns a fetch that waits for its slot before sending
 */
export function pacedFetch(store: Store, key: string, ratePerSecond: number, inner: FetchLike = fetch): FetchLike {
  // 10% under the limit: timers fire late and then early, and a burst of 4 in one second is a 429.
  const intervalMs = (1000 / ratePerSecond) * 1.1;
  return async function fetchInTurn(input, init) {
    const waitMs = await store.takeRateSlot(key, intervalMs);
    if (waitMs > 0) await new Promise((resolve) => setTimeout(resolve, waitMs));
    return inner(input, init);
  };
}
