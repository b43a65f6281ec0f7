import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import {
  claimDueOutbox,
  findOutboxMessage,
  hasLaterEdit,
  markOutboxBlocked,
  markOutboxFailed,
  markOutboxSent,
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
import { memorySendGate } from "./memory-send-gate.ts";
import type { GateAnswer, SendGate } from "./send-gate.ts";
import { sharedSendGate } from "./shared-send-gate.ts";

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
  /**
   * Whose send limits: "deployment" (slots in the database every instance reads: the default on
   * PostgreSQL, where several instances may share it) or "process" (in memory: the default on
   * SQLite, which has one instance).
   */
  limitsScope?: "deployment" | "process";
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
  const shared = (o.limitsScope ?? (db.$executor.engine === "postgres" ? "deployment" : "process")) === "deployment";
  const gate: SendGate = shared ? sharedSendGate({ db, channel, global: windows.global, leaseMs: o.leaseMs, sleep: o.sleep }) : memorySendGate({ db, channel, global: windows.global });
  const log = logger.child({ channel });
  const { buttons } = channelCapabilities(channel);
  /** Claimed rows waiting for a worker, and the ids this lane holds (queued or in flight). */
  const queue: OutboxRow[] = [];
  const held = new Set<number>();
  // Small batches: a claimed row waits in memory for its turn, and must be sent well within its
  // lease even at a slow configured rate (another dispatcher could take it back after the lease).
  const batch = Math.max(1, Math.min(o.concurrency * 2, Math.floor((windows.global[0]!.limit / windows.global[0]!.windowMs) * (o.leaseMs / 4))));
  let stopping = false;

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
    // instead of holding a slot of the global rate.
    const chatKey = `${row.accountId}\u0000${row.chatId}`;
    const chatRules = windows.chat(row.chatId);
    let grant: Extract<GateAnswer, { type: "granted" }>;
    for (;;) {
      const answer = await gate.acquire(chatKey, chatRules, clock.now().getTime());
      if (answer.type === "chat_waits") {
        await rescheduleOutbox(db, row.id, new Date(answer.until), { attempt: false });
        stats.deferred += 1;
        return;
      }
      if (answer.type === "granted") {
        grant = answer;
        break;
      }
      await answer.room;
    }
    let result: SendResult;
    try {
      const wait = grant.at - clock.now().getTime();
      if (wait > 0) await o.sleep(wait);
      result = await sender.send(message);
    } catch (err) {
      result = { status: "transient", error: `sender threw: ${errorSummary(err).message}` };
    } finally {
      // +1: the clock counts whole milliseconds, the channel's finer. A failure to note it must not
      // keep the answer from being recorded (the row would be sent again after its lease).
      await gate.answered(grant.ticket, clock.now().getTime() + 1).catch((err: unknown) => log.error({ outboxId: row.id, err: errorSummary(err) }, "outbox: could not note a send's answer in the rate limits"));
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
        await gate.pause(chatKey, until);
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
      await gate.prepare(clock.now().getTime());
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
