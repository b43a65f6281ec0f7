import type { Db } from "../../db/client.ts";
import { insertOutboxMessages } from "../../db/repositories/outbox-repository.ts";
import type { Locale } from "../i18n/translator.ts";
import { parseOutboxPayload, type OutboxPayload } from "./outbox-payload.ts";
import { outboxSignal } from "./outbox-signal.ts";

export const outboxKinds = ["reminder", "escalation", "broadcast", "broadcast_progress", "notice", "reply", "file"] as const;
export type OutboxKind = (typeof outboxKinds)[number];

export interface OutboxMessageInput {
  channel: string;
  /** The bot or Zalo account that sends it ("" while a channel has one). */
  accountId?: string;
  chatId: string;
  personId?: number | null;
  kind: OutboxKind;
  /** Writing the same key twice stores one message: "reminder:<person>:<item>:<day>", "broadcast:<id>:<person>". */
  dedupKey: string;
  /** `lines` (message keys and params) are rendered when the row is sent, in `locale`. */
  payload: OutboxPayload;
  /** The recipient's language: required with payload.lines. */
  locale?: Locale;
  broadcastId?: number | null;
  /** Not before this time (quiet hours, decided by the caller); default: now. */
  notBefore?: Date;
}

/**
 * Queues a message that is not a direct reply; the dispatcher renders and sends it. Awaited in the
 * caller's transaction (inTransaction), so a caller can write it in the same transaction as the
 * change that produced it: either both are stored or neither. `created` is false when the dedup key
 * was already there (nothing changes).
 */
export async function enqueueMessage(db: Db, m: OutboxMessageInput, now: Date): Promise<{ id: number; created: boolean }> {
  return (await enqueueMessages(db, [m], now))[0]!;
}

/** Queues these messages in their order, a few hundred a statement (a reminder tick's digests); answers as enqueueMessage, message by message. */
export async function enqueueMessages(db: Db, messages: readonly OutboxMessageInput[], now: Date): Promise<{ id: number; created: boolean }[]> {
  if (messages.length === 0) return [];
  const rows = messages.map((m) => {
    const payload = parseOutboxPayload(m.payload);
    if (payload.lines && !m.locale) throw new Error(`outbox: "${m.dedupKey}" carries message keys but no locale to render them in`);
    return {
      channel: m.channel,
      accountId: m.accountId ?? "",
      chatId: m.chatId,
      personId: m.personId ?? null,
      kind: m.kind,
      dedupKey: m.dedupKey,
      payload,
      nextAttemptAt: m.notBefore && m.notBefore > now ? m.notBefore : now,
      broadcastId: m.broadcastId ?? null,
      locale: m.locale ?? null,
      createdAt: now,
    };
  });
  const result = await insertOutboxMessages(db, rows);
  if (result.some((r) => r.created)) outboxSignal.notify();
  return result;
}
