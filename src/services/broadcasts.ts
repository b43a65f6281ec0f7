import { inTransaction, type Db } from "../../db/client.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import {
  broadcastMessageCounts,
  broadcastNextSendAt,
  findBroadcast,
  insertBroadcast,
  markBroadcastDone,
  runningBroadcasts,
  type BroadcastRow,
} from "../../db/repositories/broadcasts-repository.ts";
import { findOutboxByDedupKey } from "../../db/repositories/outbox-repository.ts";
import type { Audience } from "../chat/context.ts";
import type { Message } from "../chat/types.ts";
import { formatNumber } from "../chat/format.ts";
import type { Locale, Translator } from "../i18n/translator.ts";
import { enqueueMessage } from "../outbox/enqueue-message.ts";
import { resolveAudience } from "./broadcast-audience.ts";

export type { BroadcastRow };

export interface StartBroadcast {
  audience: Audience;
  text: string;
  source: "chat" | "admin-api";
  createdByPersonId: number | null;
  /**
   * Not before this instant: the next working moment (nextAllowedInstant on QUIET_HOURS, weekends and
   * HOLIDAYS), or now for a broadcast the coordinator chose to send at once.
   */
  notBefore: Date;
  /** The coordinator's chat, where a progress message is kept up to date. */
  progress?: { channel: string; accountId: string; chatId: string; locale: Locale } | null;
}

export interface BroadcastStatus {
  id: number;
  status: string;
  text: string;
  audience: Audience;
  recipients: number;
  notLinked: number;
  delivered: number;
  failed: number;
  blocked: number;
  pending: number;
  createdAt: string;
  finishedAt: string | null;
  /** When the messages still waiting fall due (the working moment they wait for); null when none waits. */
  sendsAt: string | null;
}

/**
 * Queues one message per reachable person in one transaction (dedup key per broadcast and person,
 * so nothing is queued twice), plus the progress message in the coordinator's chat.
 */
export async function startBroadcast(db: Db, translator: Translator, b: StartBroadcast, now: Date): Promise<BroadcastStatus> {
  const { recipients } = await resolveAudience(db, b.audience);
  const reachable = recipients.filter((r) => r.account);
  const id = await inTransaction(db, async () => {
    const row = await insertBroadcast(db, {
      source: b.source,
      createdByPersonId: b.createdByPersonId,
      audience: b.audience,
      text: b.text,
      status: "sending",
      recipients: recipients.length,
      notLinked: recipients.length - reachable.length,
      progressChannel: b.progress?.channel ?? null,
      progressChatId: b.progress?.chatId ?? null,
      createdAt: now,
      confirmedAt: now,
    });
    for (const r of reachable) {
      await enqueueMessage(
        db,
        {
          channel: r.account!.channel,
          accountId: r.account!.accountId,
          chatId: r.account!.chatId,
          personId: r.personId,
          kind: "broadcast",
          dedupKey: `broadcast:${row.id}:${r.personId}`,
          payload: { text: b.text },
          broadcastId: row.id,
          notBefore: b.notBefore,
        },
        now,
      );
    }
    if (b.progress) {
      await enqueueMessage(
        db,
        {
          channel: b.progress.channel,
          accountId: b.progress.accountId,
          chatId: b.progress.chatId,
          personId: b.createdByPersonId,
          kind: "broadcast_progress",
          dedupKey: `broadcast:${row.id}:progress`,
          payload: { text: translator.t(b.progress.locale, progressMessage(0, reachable.length, b.progress.locale)) },
          broadcastId: null,
        },
        now,
      );
    }
    await writeAudit(db, { at: now, actorPersonId: b.createdByPersonId, actor: b.source, action: "broadcast.start", entity: "broadcast", entityId: String(row.id), details: { audience: b.audience, recipients: recipients.length, notBefore: b.notBefore.toISOString() } });
    return row.id;
  });
  return (await broadcastStatus(db, id))!;
}

export async function broadcastStatus(db: Db, id: number): Promise<BroadcastStatus | undefined> {
  const row = await findBroadcast(db, id);
  if (!row) return undefined;
  const counts = await broadcastMessageCounts(db, id);
  const waiting = await broadcastNextSendAt(db, id);
  return {
    id: row.id,
    status: row.status,
    text: row.text,
    audience: row.audience as Audience,
    recipients: row.recipients,
    notLinked: row.notLinked,
    delivered: counts.sent ?? 0,
    failed: counts.failed ?? 0,
    blocked: counts.blocked ?? 0,
    pending: (counts.pending ?? 0) + (counts.sending ?? 0),
    createdAt: row.createdAt.toISOString(),
    finishedAt: row.finishedAt?.toISOString() ?? null,
    sendsAt: waiting?.toISOString() ?? null,
  };
}

/**
 * Keeps each running broadcast's progress message current ("Đã gửi 1.234/5.000", edited in place)
 * and, when nothing is left to send, marks it done and posts the summary. Called by a job tick.
 */
export async function tickBroadcasts(db: Db, translator: Translator, localeOf: (personId: number | null) => Promise<Locale>, now: Date): Promise<number> {
  const running = await runningBroadcasts(db);
  for (const row of running) {
    const s = (await broadcastStatus(db, row.id))!;
    const total = s.delivered + s.failed + s.blocked + s.pending;
    const finished = s.pending === 0;
    const locale = await localeOf(row.createdByPersonId);
    await inTransaction(db, async () => {
      if (row.progressChannel && row.progressChatId) {
        const progressRow = await findOutboxByDedupKey(db, `broadcast:${row.id}:progress`);
        if (progressRow && progressRow.status === "sent") {
          await enqueueMessage(
            db,
            {
              channel: row.progressChannel,
              chatId: row.progressChatId,
              personId: row.createdByPersonId,
              kind: "broadcast_progress",
              dedupKey: `broadcast:${row.id}:progress:${s.delivered}:${s.failed}:${s.blocked}`,
              payload: { text: translator.t(locale, progressMessage(s.delivered + s.failed + s.blocked, total, locale)), edit: { messageOfOutboxId: progressRow.id } },
            },
            now,
          );
        }
        if (finished) {
          await enqueueMessage(
            db,
            {
              channel: row.progressChannel,
              chatId: row.progressChatId,
              personId: row.createdByPersonId,
              kind: "notice",
              dedupKey: `broadcast:${row.id}:summary`,
              payload: { text: translator.t(locale, { key: "broadcast.summary", params: { delivered: formatNumber(s.delivered, locale), failed: formatNumber(s.failed, locale), blocked: formatNumber(s.blocked, locale), notLinked: formatNumber(s.notLinked, locale) } }) },
            },
            now,
          );
        }
      }
      if (finished) await markBroadcastDone(db, row.id, now);
    });
  }
  return running.length;
}

function progressMessage(done: number, total: number, locale: Locale): Message {
  return { key: "broadcast.progress", params: { done: formatNumber(done, locale), total: formatNumber(total, locale) } };
}
