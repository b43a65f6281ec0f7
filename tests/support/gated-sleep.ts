/**
 * An injected sleep the test releases by hand: every wait is recorded and held until the test
 * takes it with next() and calls release() (or the caller's signal aborts it). A retry loop then
 * runs one attempt per release, and the test looks at the state between attempts, on no clock.
 */
export class GatedSleep {
  readonly delays: number[] = [];
  private held: { ms: number; release: () => void }[] = [];
  private takers: ((w: { ms: number; release: () => void }) => void)[] = [];

  readonly sleep = (ms: number, signal?: AbortSignal): Promise<void> =>
    new Promise<void>((resolve) => {
      this.delays.push(ms);
      if (signal?.aborted) return resolve();
      signal?.addEventListener("abort", () => resolve(), { once: true });
      const wait = { ms, release: () => resolve() };
      const taker = this.takers.shift();
      if (taker) taker(wait);
      else this.held.push(wait);
    });

  /** The next wait the code under test started (already started, or the next one to start). */
  next(): Promise<{ ms: number; release: () => void }> {
    const wait = this.held.shift();
    if (wait) return Promise.resolve(wait);
    return new Promise((resolve) => this.takers.push(resolve));
  }

  /** Releases every wait held now and to come: the loop runs freely. */
  open(): void {
    for (const w of this.held.splice(0)) w.release();
    const open = (w: { release: () => void }) => {
      w.release();
      this.takers.push(open);
    };
    this.takers.push(open);
  }
}
