/**
 * Work that runs after Slack's ack. Tracked so tests can wait for it and shutdown can let it
 * finish instead of dropping an accepted event.
 */
export class WorkTracker {
  private readonly running = new Set<Promise<unknown>>();

  /** Runs `work` and keeps its promise until it settles; rejections are the caller's. */
  run<T>(work: () => Promise<T>): Promise<T> {
    const promise = work();
    this.running.add(promise);
    const forget = () => this.running.delete(promise);
    promise.then(forget, forget);
    return promise;
  }

  get size(): number {
    return this.running.size;
  }

  /** Resolves when nothing is running (including work started while waiting). */
  async idle(): Promise<void> {
    while (this.running.size > 0) await Promise.allSettled([...this.running]);
  }
}
