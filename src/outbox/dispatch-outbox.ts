import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import { nextOutboxDueAt } from "../../db/repositories/outbox-repository.ts";
import type { Clock } from "../clock.ts";
import type { Locale } from "../i18n/translator.ts";
import type { ChannelSender, RateLimits } from "./channel-sender.ts";
import { createChannelLane } from "./channel-lane.ts";
import { addStats, emptyStats, errorSummary, type DispatchStats } from "./dispatch-stats.ts";
import { outboxSignal } from "./outbox-signal.ts";
import { defaultBackoff, type BackoffOptions } from "./retry-backoff.ts";

export type { DispatchStats } from "./dispatch-stats.ts";

export interface DispatcherOptions {
  db: Db;
  senders: ChannelSender[];
  clock: Clock;
  logger: Logger;
  /** Per channel, replacing parts of the sender's own limits. */
  limits?: Record<string, Partial<RateLimits>>;
  /**
   * Sends in flight at once, per channel. It is also the most messages a crash can repeat: a row
   * is marked sent only after the channel answered, so those in flight when the process dies are
   * sent again once their lease ends.
   */
  concurrency?: number;
  /** A message failing with 5xx/timeouts (or killing its dispatcher) this many times ends "failed". */
  maxAttempts?: number;
  /** How long a claimed row belongs to its dispatcher; longer than any send can take (the Telegram sender times out after 20 s). */
  leaseMs?: number;
  backoff?: BackoffOptions;
  /** Waits in the clock's time (rate limits, retry waits while draining). Tests on a fixed clock advance it instead. */
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
  /** The production loop looks for due rows this often when nothing wakes it (rows written by other processes). */
  idlePollMs?: number;
  /** An edit of a message that is not sent yet is tried again after this long. */
  editWaitMs?: number;
  /** The language of a row of rendered text written before rows carried theirs (DEFAULT_LOCALE). */
  defaultLocale?: Locale;
  /** Whose send limits (channel-lane.ts): by default the deployment's on PostgreSQL, this process's on SQLite. */
  limitsScope?: "deployment" | "process";
}

export interface Dispatcher {
  /** Sends what is due now, at the channels' rates, and resolves when nothing due is left. */
  runOnce(): Promise<DispatchStats>;
  /** Sends until no row is pending or being sent (here or by another dispatcher), waiting for rows due later (retries, rate limits). */
  drain(o?: { timeoutMs?: number }): Promise<DispatchStats>;
  /** The production loop: runs when rows fall due, when enqueueMessage signals, and every idlePollMs. */
  start(): void;
  /** No new sends; the ones in flight finish and are recorded; claimed but unsent rows are put back. */
  stop(): Promise<void>;
}

const defaults = { concurrency: 10, maxAttempts: 8, leaseMs: 60_000, idlePollMs: 1_000, editWaitMs: 1_000, defaultLocale: "vi" as Locale };

/**
 * The outbox dispatcher: one lane per channel, each claiming due rows in small batches and sending
 * them with bounded concurrency under the channel's global and per-chat sliding windows.
 */
export function createDispatcher(options: DispatcherOptions): Dispatcher {
  const o = { ...defaults, backoff: defaultBackoff, sleep: realSleep, random: Math.random, ...options };
  if (o.concurrency < 1) throw new Error("The outbox concurrency must be at least 1.");
  const lanes = o.senders.map((sender) => createChannelLane(sender, o));
  let stopped = true;
  let loop: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let wakeRequested = false;

  const runOnce = async (): Promise<DispatchStats> => {
    const stats = emptyStats();
    await Promise.all(lanes.map((lane) => lane.runOnce(stats)));
    return stats;
  };

  const nextDue = async (): Promise<number | null> => {
    const times = (await Promise.all(lanes.map(async (l) => (await nextOutboxDueAt(o.db, l.channel, o.leaseMs))?.getTime()))).filter((t): t is number => t !== undefined);
    return times.length ? Math.min(...times) : null;
  };

  return {
    runOnce,
    async drain({ timeoutMs } = {}) {
      const total = emptyStats();
      const deadline = timeoutMs === undefined ? Infinity : o.clock.now().getTime() + timeoutMs;
      let stuck = 0;
      for (;;) {
        addStats(total, await runOnce());
        const next = await nextDue();
        if (next === null) return total;
        const now = o.clock.now().getTime();
        if (now >= deadline) throw new Error(`outbox drain: still unfinished after ${timeoutMs} ms (next due ${new Date(next).toISOString()})`);
        // Rows another dispatcher is sending come back as its lease ends, or sooner as sent: look again every idlePollMs.
        if (next > now) {
          await o.sleep(Math.min(next, deadline, now + o.idlePollMs) - now);
          stuck = o.clock.now().getTime() === now ? stuck + 1 : 0;
          if (stuck >= 3) {
            throw new Error("outbox drain: the clock did not move while waiting for the next due message. With a fixed clock, pass sleep: (ms) => clock.advance(ms) to createDispatcher.");
          }
        }
      }
    },
    start() {
      if (loop) return;
      stopped = false;
      for (const lane of lanes) lane.resume();
      const unsubscribe = outboxSignal.subscribe(() => {
        wakeRequested = true;
        wake?.();
      });
      loop = (async () => {
        while (!stopped) {
          try {
            const stats = await runOnce();
            if (stats.claimed > 0) o.logger.debug({ ...stats }, "outbox: dispatched");
          } catch (err) {
            o.logger.error({ err: errorSummary(err) }, "outbox: dispatch round failed");
          }
          if (stopped) break;
          let waitMs = o.idlePollMs;
          try {
            const next = await nextDue();
            if (next !== null) waitMs = Math.max(0, Math.min(o.idlePollMs, next - o.clock.now().getTime()));
          } catch (err) {
            o.logger.error({ err: errorSummary(err) }, "outbox: could not read the next due time");
          }
          if (wakeRequested) {
            wakeRequested = false;
            continue;
          }
          // A real timer, cancelled on wake/stop: this is the idle wait of the production loop, not rate limiting.
          await new Promise<void>((resolve) => {
            const timer = setTimeout(done, waitMs);
            function done() {
              clearTimeout(timer);
              wake = undefined;
              resolve();
            }
            wake = done;
          });
          wakeRequested = false;
        }
      })().finally(unsubscribe);
    },
    async stop() {
      stopped = true;
      for (const lane of lanes) lane.stop();
      wake?.();
      await loop;
      loop = undefined;
      // runOnce and drain work again (a test, a command), and start() may be called anew.
      for (const lane of lanes) lane.resume();
    },
  };
}

function realSleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
