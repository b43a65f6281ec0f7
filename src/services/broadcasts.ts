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
import { render } from "../i18n/render.ts";
import type { Locale } from "../i18n/translator.ts";
import { resolveAudience } from "./broadcast-audience.ts";
import { queuePersonMessage } from "./host-outbound.ts";

export type { BroadcastRow };

export interface StartBroadcast {
  audience: Audience;
  /** The coordinator's own words, or a template (a message, rendered in each recipient's language). */
  text: string | Message;
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
 * so nothing is queued twice), each in the recipient's language, plus the progress message in the
 * coordinator's chat. The broadcasts row keeps the text as the coordinator saw it.
 */
export async function startBroadcast(db: Db, b: StartBroadcast, now: Date): Promise<BroadcastStatus> {
  const { recipients } = await resolveAudience(db, b.audience);
  const reachable = recipients.filter((r) => r.account);
  const line: Message = typeof b.text === "string" ? { key: "broadcast.text", params: { text: b.text } } : b.text;
  const id = await inTransaction(db, async () => {
    const row = await insertBroadcast(db, {
      source: b.source,
      createdByPersonId: b.createdByPersonId,
      audience: b.audience,
      text: typeof b.text === "string" ? b.text : render(b.text, b.progress?.locale ?? "vi"),
      status: "sending",
      recipients: recipients.length,
      notLinked: recipients.length - reachable.length,
      progressChannel: b.progress?.channel ?? null,
      progressChatId: b.progress?.chatId ?? null,
      createdAt: now,
      confirmedAt: now,
    });
    for (const r of reachable) {
      await queuePersonMessage(
        db,
        { to: { ...r.account!, personId: r.personId }, locale: r.locale, kind: "broadcast", dedupKey: `broadcast:${row.id}:${r.personId}`, lines: [line], broadcastId: row.id, notBefore: b.notBefore },
        now,
      );
    }
    if (b.progress) {
      const { locale, ...chat } = b.progress;
      await queuePersonMessage(
        db,
        { to: { ...chat, personId: b.createdByPersonId }, locale, kind: "broadcast_progress", dedupKey: `broadcast:${row.id}:progress`, lines: [progressMessage(0, reachable.length, locale)], broadcastId: null },
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
export async function tickBroadcasts(db: Db, localeOf: (personId: number | null) => Promise<Locale>, now: Date): Promise<number> {
  const running = await runningBroadcasts(db);
  for (const row of running) {
    const s = (await broadcastStatus(db, row.id))!;
    const total = s.delivered + s.failed + s.blocked + s.pending;
    const finished = s.pending === 0;
    const locale = await localeOf(row.createdByPersonId);
    await inTransaction(db, async () => {
      if (row.progressChannel && row.progressChatId) {
        const progressRow = await findOutboxByDedupKey(db, `broadcast:${row.id}:progress`);
        const to = { channel: row.progressChannel, accountId: "", chatId: row.progressChatId, personId: row.createdByPersonId };
        if (progressRow && progressRow.status === "sent") {
          await queuePersonMessage(
            db,
            { to: { ...to, accountId: progressRow.accountId }, locale, kind: "broadcast_progress", dedupKey: `broadcast:${row.id}:progress:${s.delivered}:${s.failed}:${s.blocked}`, lines: [progressMessage(s.delivered + s.failed + s.blocked, total, locale)], edit: { messageOfOutboxId: progressRow.id } },
            now,
          );
        }
        if (finished) {
          const summary: Message = { key: "broadcast.summary", params: { delivered: formatNumber(s.delivered, locale), failed: formatNumber(s.failed, locale), blocked: formatNumber(s.blocked, locale), notLinked: formatNumber(s.notLinked, locale) } };
          await queuePersonMessage(db, { to: { ...to, accountId: progressRow?.accountId ?? "" }, locale, kind: "notice", dedupKey: `broadcast:${row.id}:summary`, lines: [summary] }, now);
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
