import type { Db } from "../../db/client.ts";
import { insertOutboxMessage } from "../../db/repositories/outbox-repository.ts";
import type { Locale } from "../i18n/translator.ts";
import { outboxPayloadSchema, type OutboxPayload } from "./outbox-payload.ts";
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
 * caller's transaction (inTransaction), so a caller can write it in the same transaction as the change that produced it (inTransaction): either both
 * are stored or neither. `created` is false when the dedup key was already there (nothing changes).
 */
export async function enqueueMessage(db: Db, m: OutboxMessageInput, now: Date): Promise<{ id: number; created: boolean }> {
  const payload = outboxPayloadSchema.parse(m.payload);
  if (payload.lines && !m.locale) throw new Error(`outbox: "${m.dedupKey}" carries message keys but no locale to render them in`);
  const result = await insertOutboxMessage(db, {
    channel: m.channel,
    accountId: m.accountId ?? "",
    chatId: m.chatId,
    personId: m.personId ?? null,
    kind: m.kind,
    dedupKey: m.dedupKey,
    payload,
    status: "pending",
    nextAttemptAt: m.notBefore && m.notBefore > now ? m.notBefore : now,
    broadcastId: m.broadcastId ?? null,
    locale: m.locale ?? null,
    createdAt: now,
  });
  if (result.created) outboxSignal.notify();
  return result;
}
