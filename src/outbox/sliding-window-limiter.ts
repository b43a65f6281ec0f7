import type { WindowRule } from "./rate-windows.ts";

interface KeyState {
  /** When answered sends were answered, ascending; only the last few that any rule can still see. */
  answered: number[];
  /** Sends granted and not answered yet: they count inside every window until they are. */
  inFlight: number;
  pausedUntil: number;
  /** The latest grant: later grants never come before it. */
  lastGrant: number;
  /** The longest window this key was used with, to know when it can be forgotten. */
  horizonMs: number;
  /** The largest limit this key was used with: how many answer times matter. */
  keep: number;
}

/**
 * Sliding-window rate limiting on times it is given (milliseconds of an injected clock): it never
 * reads the time or sleeps itself, so tests drive it with a fixed clock.
 *
 * A send counts from the moment it was answered, not from when it left: the channel had it before
 * it answered, so however long a request spent on the way (a new connection, a busy event loop),
 * two sends a window apart by our clock reach the channel a window apart by its clock. Until it is
 * answered a send counts as inside every window. The price is the latency: 30 per (1 s + latency).
 */
export class SlidingWindowLimiter {
  private readonly keys = new Map<string, KeyState>();

  /**
   * The earliest time ≥ notBefore at which one more send under `key` keeps every rule; Infinity
   * when the sends in flight fill a window already (wait for one of them to be answered).
   */
  earliest(key: string, rules: WindowRule[], notBefore: number): number {
    const s = this.keys.get(key);
    if (!s) return notBefore;
    let t = Math.max(notBefore, s.pausedUntil, s.lastGrant);
    for (const rule of rules) {
      const room = rule.limit - s.inFlight;
      if (room <= 0) return Infinity;
      const nth = s.answered[s.answered.length - room];
      if (nth !== undefined) t = Math.max(t, nth + rule.windowMs);
    }
    return t;
  }

  /** A send granted at `at` (≥ earliest(...)): in flight until end(). */
  begin(key: string, rules: WindowRule[], at: number): void {
    const s = this.state(key);
    s.inFlight += 1;
    s.lastGrant = Math.max(s.lastGrant, at);
    s.horizonMs = Math.max(s.horizonMs, ...rules.map((r) => r.windowMs));
    s.keep = Math.max(s.keep, ...rules.map((r) => r.limit));
  }

  /** The send begun under `key` was answered at `at` (or failed): from now on it counts from there. */
  end(key: string, at: number): void {
    const s = this.state(key);
    s.inFlight = Math.max(0, s.inFlight - 1);
    this.insert(s, at);
  }

  /** A send made before this limiter existed (by a process that stopped), answered at `at`. */
  recordPast(key: string, rules: WindowRule[], at: number): void {
    const s = this.state(key);
    s.horizonMs = Math.max(s.horizonMs, ...rules.map((r) => r.windowMs));
    s.keep = Math.max(s.keep, ...rules.map((r) => r.limit));
    this.insert(s, at);
  }

  private insert(s: KeyState, at: number): void {
    let i = s.answered.length;
    while (i > 0 && s.answered[i - 1]! > at) i -= 1;
    s.answered.splice(i, 0, at);
    if (s.answered.length > s.keep * 2) s.answered.splice(0, s.answered.length - s.keep);
  }

  /** Nothing under `key` before `until` (the channel said "retry after"). */
  pause(key: string, until: number): void {
    const s = this.state(key);
    s.pausedUntil = Math.max(s.pausedUntil, until);
  }

  /** Forgets keys with nothing in flight whose every window and pause is over by `now`, so a long broadcast does not keep one entry per recipient. */
  prune(now: number): void {
    for (const [key, s] of this.keys) {
      if (s.inFlight === 0 && (s.answered.at(-1) ?? -Infinity) + s.horizonMs <= now && s.pausedUntil <= now) this.keys.delete(key);
    }
  }

  get size(): number {
    return this.keys.size;
  }

  private state(key: string): KeyState {
    let s = this.keys.get(key);
    if (!s) this.keys.set(key, (s = { answered: [], inFlight: 0, pausedUntil: -Infinity, lastGrant: -Infinity, horizonMs: 0, keep: 1 }));
    return s;
  }
}
