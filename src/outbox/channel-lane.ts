import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import {
  claimDueOutbox,
  findOutboxMessage,
  hasLaterEdit,
  markOutboxBlocked,
  markOutboxFailed,
  markOutboxSent,
  recentSends,
  releaseOutbox,
  rescheduleOutbox,
  type OutboxRow,
} from "../../db/repositories/outbox-repository.ts";
import type { Clock } from "../clock.ts";
import type { ChannelSender, OutgoingMessage, RateLimits, SendResult } from "./channel-sender.ts";
import { errorSummary, type DispatchStats } from "./dispatch-stats.ts";
import { channelCapabilities } from "../chat/channel-capabilities.ts";
import type { Locale } from "../i18n/translator.ts";
import { outboxPayloadSchema } from "./outbox-payload.ts";
import { renderOutboxPayload } from "./render-outbox.ts";
import { rateWindows } from "./rate-windows.ts";
import { retryBackoff, type BackoffOptions } from "./retry-backoff.ts";
import { SlidingWindowLimiter } from "./sliding-window-limiter.ts";

/** The dispatcher's options, resolved (see DispatcherOptions for their meaning). */
export interface LaneOptions {
  db: Db;
  clock: Clock;
  logger: Logger;
  limits?: Record<string, Partial<RateLimits>>;
  concurrency: number;
  maxAttempts: number;
  leaseMs: number;
  backoff: BackoffOptions;
  sleep: (ms: number) => Promise<void>;
  random: () => number;
  editWaitMs: number;
  /** The language of a row of rendered text written before rows carried theirs. */
  defaultLocale: Locale;
}

export interface ChannelLane {
  channel: string;
  runOnce(stats: DispatchStats): Promise<void>;
  stop(): void;
  resume(): void;
}

/**
 * One channel's part of the dispatcher: claims its due rows in small batches, sends them with
 * bounded concurrency under the channel-wide and per-chat windows, and records each answer.
 */
export function createChannelLane(sender: ChannelSender, o: LaneOptions): ChannelLane {
  const { db, clock, logger } = o;
  const channel = sender.channel;
  const windows = rateWindows({ ...sender.limits, ...o.limits?.[channel] });
  const limiter = new SlidingWindowLimiter();
  const log = logger.child({ channel });
  const { buttons } = channelCapabilities(channel);
  /** Claimed rows waiting for a worker, and the ids this lane holds (queued or in flight). */
  const queue: OutboxRow[] = [];
  const held = new Set<number>();
  /** Wakes workers waiting for room in the channel-wide window (its sends in flight filled it). */
  const answered = signal();
  // Small batches: a claimed row waits in memory for its turn, and must be sent well within its
  // lease even at a slow configured rate (another dispatcher could take it back after the lease).
  const batch = Math.max(1, Math.min(o.concurrency * 2, Math.floor((windows.global[0]!.limit / windows.global[0]!.windowMs) * (o.leaseMs / 4))));
  let stopping = false;
  let seeded = false;

  // A dispatcher started right after another stopped (a crash, a quick restart) would otherwise see
  // an empty window and send a second's worth at once on top of what its predecessor just sent.
  const seedWindow = async (): Promise<void> => {
    const now = clock.now().getTime();
    const horizon = Math.max(...windows.global.map((r) => r.windowMs));
    const { sentAt, unrecorded } = await recentSends(db, channel, new Date(now - horizon));
    for (const at of sentAt) limiter.recordPast("", windows.global, at.getTime());
    // Claimed and not recorded: perhaps sent just now, for all we know.
    for (let i = 0; i < unrecorded; i++) limiter.recordPast("", windows.global, now);
  };

  const refill = async (stats: DispatchStats): Promise<void> => {
    const { claimed, blocked } = await claimDueOutbox(db, { channel, now: clock.now(), leaseMs: o.leaseMs, limit: batch, excludeIds: held });
    stats.claimed += claimed.length + blocked.length;
    stats.skippedBlocked += blocked.length;
    for (const row of claimed) {
      held.add(row.id);
      queue.push(row);
    }
  };

  const dispatchRow = async (row: OutboxRow, stats: DispatchStats): Promise<void> => {
    const now = clock.now();
    if (row.attempts >= o.maxAttempts) {
      await markOutboxFailed(db, row.id, `gave up: its sends were interrupted ${row.attempts} times`, { attempt: false });
      stats.failed += 1;
      log.warn({ outboxId: row.id, attempts: row.attempts }, "outbox: message failed (interrupted too often)");
      return;
    }
    const parsed = outboxPayloadSchema.safeParse(row.payload);
    if (!parsed.success) {
      await markOutboxFailed(db, row.id, `invalid payload: ${parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`, { attempt: false });
      stats.failed += 1;
      return;
    }
    // Rendered here, at send time, from the row's keys in the row's language: the one render path (src/i18n/render.ts).
    const locale = row.locale ?? o.defaultLocale;
    const message: OutgoingMessage = { outboxId: row.id, channel, accountId: row.accountId, chatId: row.chatId, kind: row.kind, payload: renderOutboxPayload(parsed.data, locale, buttons), locale };
    const edit = parsed.data.edit;
    if (edit && await hasLaterEdit(db, row, edit)) {
      await markOutboxSent(db, row.id, now, null, "superseded by a later edit of the same message; not sent");
      stats.superseded += 1;
      return;
    }
    if (edit?.messageId) message.editMessageId = edit.messageId;
    else if (edit?.messageOfOutboxId !== undefined) {
      const target = await findOutboxMessage(db, edit.messageOfOutboxId);
      if (target?.status === "pending" || target?.status === "sending") {
        await rescheduleOutbox(db, row.id, new Date(now.getTime() + o.editWaitMs), { attempt: false });
        stats.deferred += 1;
        return;
      }
      if (target?.status !== "sent" || !target.externalMessageId) {
        await markOutboxFailed(db, row.id, `the message to edit (outbox ${edit.messageOfOutboxId}) was ${target ? `not sent (${target.status})` : "not found"}`, { attempt: false });
        stats.failed += 1;
        return;
      }
      message.editMessageId = target.externalMessageId;
    }

    // Per chat first: a chat that must wait gives its worker back (the row is put back until then)
    // instead of holding a slot of the global rate. The grant is taken before any await.
    const chatKey = `${row.accountId}\u0000${row.chatId}`;
    const chatRules = windows.chat(row.chatId);
    let at: number;
    for (;;) {
      const nowMs = clock.now().getTime();
      const chatFree = limiter.earliest(chatKey, chatRules, nowMs);
      if (chatFree > nowMs) {
        // A message to this chat is in flight (Infinity): try again a window from now.
        const until = Number.isFinite(chatFree) ? chatFree : nowMs + chatRules[0]!.windowMs;
        await rescheduleOutbox(db, row.id, new Date(until), { attempt: false });
        stats.deferred += 1;
        return;
      }
      at = limiter.earliest("", windows.global, nowMs);
      if (Number.isFinite(at)) break;
      await answered.next();
    }
    limiter.begin("", windows.global, at);
    limiter.begin(chatKey, chatRules, at);
    let result: SendResult;
    try {
      const wait = at - clock.now().getTime();
      if (wait > 0) await o.sleep(wait);
      result = await sender.send(message);
    } catch (err) {
      result = { status: "transient", error: `sender threw: ${errorSummary(err).message}` };
    } finally {
      // +1: the clock counts whole milliseconds, the channel's finer.
      const answeredAt = clock.now().getTime() + 1;
      limiter.end("", answeredAt);
      limiter.end(chatKey, answeredAt);
      answered.notify();
    }
    await record(row, result, stats, chatKey);
  };

  const record = async (row: OutboxRow, result: SendResult, stats: DispatchStats, chatKey: string): Promise<void> => {
    const now = clock.now();
    switch (result.status) {
      case "sent":
        await markOutboxSent(db, row.id, now, result.externalMessageId ?? null);
        stats.sent += 1;
        return;
      case "retry_after": {
        const until = now.getTime() + Math.max(0, result.seconds) * 1000;
        limiter.pause(chatKey, until);
        await rescheduleOutbox(db, row.id, new Date(until), { attempt: false, error: `429: retry after ${result.seconds} s` });
        stats.retried += 1;
        return;
      }
      case "transient": {
        const attempts = row.attempts + 1;
        if (attempts >= o.maxAttempts) {
          await markOutboxFailed(db, row.id, `gave up after ${attempts} attempts: ${result.error}`, { attempt: true });
          stats.failed += 1;
          log.warn({ outboxId: row.id, attempts, error: result.error }, "outbox: message failed after retries");
        } else {
          await rescheduleOutbox(db, row.id, new Date(now.getTime() + retryBackoff(attempts, o.backoff, o.random)), { attempt: true, error: result.error });
          stats.transient += 1;
        }
        return;
      }
      case "blocked":
        await markOutboxBlocked(db, row, now, result.error);
        stats.blocked += 1;
        log.info({ outboxId: row.id, personId: row.personId }, "outbox: recipient blocked the bot; marked, not retried");
        return;
      case "failed":
        await markOutboxFailed(db, row.id, result.error, { attempt: true });
        stats.failed += 1;
        log.warn({ outboxId: row.id, kind: row.kind, error: result.error }, "outbox: message refused by the channel");
        return;
    }
  };

  return {
    channel,
    stop() {
      stopping = true;
    },
    resume() {
      stopping = false;
    },
    async runOnce(stats) {
      if (!seeded) {
        await seedWindow();
        seeded = true;
      }
      limiter.prune(clock.now().getTime());
      let active = 0;
      let waiting: (() => void)[] = [];
      const changed = () => {
        for (const w of waiting.splice(0)) w();
      };
      const next = async (): Promise<OutboxRow | undefined> => {
        if (stopping) return undefined;
        if (queue.length === 0) await refill(stats);
        return queue.shift();
      };
      const worker = async (): Promise<void> => {
        for (;;) {
          const row = await next();
          if (!row) {
            // Nothing due now; but a row in flight may come back due at once (retry_after 0).
            if (active === 0 || stopping) {
              changed();
              return;
            }
            await new Promise<void>((resolve) => waiting.push(resolve));
            continue;
          }
          active += 1;
          try {
            await dispatchRow(row, stats);
          } catch (err) {
            // A database error while recording: the row stays "sending" and its lease brings it back.
            log.error({ outboxId: row.id, err: errorSummary(err) }, "outbox: could not record a send");
          } finally {
            active -= 1;
            held.delete(row.id);
            changed();
          }
        }
      };
      try {
        await Promise.all(Array.from({ length: o.concurrency }, worker));
      } finally {
        if (queue.length) {
          const unsent = queue.splice(0).map((r) => r.id);
          await releaseOutbox(db, unsent);
          for (const id of unsent) held.delete(id);
        }
        waiting = [];
      }
    },
  };
}

function signal(): { next(): Promise<void>; notify(): void } {
  let waiting: (() => void)[] = [];
  return {
    next: () => new Promise<void>((resolve) => waiting.push(resolve)),
    notify: () => {
      const w = waiting;
      waiting = [];
      for (const resolve of w) resolve();
    },
  };
}
