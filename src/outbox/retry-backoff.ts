export interface BackoffOptions {
  baseMs: number;
  maxMs: number;
}

export const defaultBackoff: BackoffOptions = { baseMs: 2_000, maxMs: 10 * 60_000 };

/**
 * The wait before attempt n+1 after n failed attempts (5xx, timeouts): doubling from baseMs up to
 * maxMs, with "equal jitter" (half fixed, half random) so that many messages that failed together
 * during an outage do not all come back in the same second.
 */
export function retryBackoff(failedAttempts: number, o: BackoffOptions, random: () => number = Math.random): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.max(0, failedAttempts - 1));
  return Math.round(exp / 2 + (exp / 2) * random());
}
