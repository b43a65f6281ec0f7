import type { Db } from "../../db/client.ts";
import { loadConversation, saveConversation, type ConversationAddress } from "../../db/repositories/chat-repository.ts";
import { parseSession, type Session } from "../chat/session.ts";
import type { Message } from "../chat/types.ts";
import type { Locale } from "../i18n/translator.ts";
import { enqueueMessage, type OutboxKind } from "../outbox/enqueue-message.ts";
import type { OutboxFile } from "../outbox/outbox-file.ts";

/**
 * The chat host's side that reaches people outside a turn, and the one place that reads and writes
 * conversation sessions: the host's turns (chat-host.ts) and the messages that offer choices in a
 * conversation (reminder digests, a returned figure's notice) go through readSession/writeSession.
 * Every message to a person is queued here as an outbox row of message keys, params and the
 * recipient's language; the dispatcher renders it when it sends (src/outbox/render-outbox.ts →
 * src/i18n/render.ts). tests/architecture/one-host.test.ts keeps it that way.
 */

/** The session of a conversation (expired or damaged: an empty one). On PostgreSQL this takes the chat's lock to the end of the transaction. */
export async function readSession(db: Db, at: ConversationAddress, now: Date): Promise<Session> {
  return parseSession(await loadConversation(db, at, now));
}

export async function writeSession(db: Db, at: ConversationAddress, v: { personId: number | null; session: Session; now: Date; ttlMs: number }): Promise<void> {
  await saveConversation(db, at, v);
}

/** A person's chat, as the outbox addresses it. */
export interface Recipient extends ConversationAddress {
  personId: number | null;
}

export interface PersonMessage {
  to: Recipient;
  /** The recipient's language: the row keeps it, the sender renders in it. */
  locale: Locale;
  kind: OutboxKind;
  /** Writing the same key twice stores one message. */
  dedupKey: string;
  lines: Message[];
  choices?: { id: string; label: Message }[];
  /** Edits an earlier row's sent message (a broadcast's progress). */
  edit?: { messageOfOutboxId: number };
  file?: OutboxFile;
  broadcastId?: number | null;
  notBefore?: Date;
}

/** Queues one message to a person (in the caller's transaction). `created` is false when its dedup key was queued before. */
export async function queuePersonMessage(db: Db, m: PersonMessage, now: Date): Promise<{ id: number; created: boolean }> {
  return await enqueueMessage(
    db,
    {
      channel: m.to.channel,
      accountId: m.to.accountId,
      chatId: m.to.chatId,
      personId: m.to.personId,
      kind: m.kind,
      dedupKey: m.dedupKey,
      locale: m.locale,
      payload: { lines: m.lines, ...(m.choices?.length ? { choices: m.choices } : {}), ...(m.edit ? { edit: m.edit } : {}), ...(m.file ? { file: m.file } : {}) },
      ...(m.broadcastId !== undefined ? { broadcastId: m.broadcastId } : {}),
      ...(m.notBefore ? { notBefore: m.notBefore } : {}),
    },
    now,
  );
}

/** What a message that may offer choices says, decided from the conversation it lands in. */
export interface OfferingMessage {
  lines: Message[];
  /** The session offering the choices (offerChoices) and each choice's label, in the session's order. */
  offer?: { session: Session; labels: Message[] };
}

/**
 * A message whose choices the person answers in their conversation (a reminder digest, a returned
 * figure's notice): reads the session, lets `compose` word the message for it (someone halfway
 * through a report keeps their step: then it offers nothing), queues the row and, when the row is
 * new, writes the session that offers its choices — in the caller's transaction, so the person
 * never gets buttons their conversation does not know.
 */
export async function queueOfferingMessage(
  db: Db,
  m: Omit<PersonMessage, "lines" | "choices"> & { ttlMs: number },
  compose: (session: Session) => Promise<OfferingMessage> | OfferingMessage,
  now: Date,
): Promise<{ id: number; created: boolean }> {
  const { ttlMs, ...message } = m;
  const composed = await compose(await readSession(db, m.to, now));
  const offered = composed.offer;
  const choices = offered?.session.offered.map((c, i) => ({ id: c.id, label: offered.labels[i]! }));
  const queued = await queuePersonMessage(db, { ...message, lines: composed.lines, ...(choices ? { choices } : {}) }, now);
  if (queued.created && offered) await writeSession(db, m.to, { personId: m.to.personId, session: offered.session, now, ttlMs });
  return queued;
}

/** Replies of a committed turn the channel could not deliver, rendered by the host already: queued as they are (kind "reply"). */
export async function queueRenderedReplies(db: Db, to: Recipient, turnRef: string, replies: { text: string; choices: { id: string; label: string }[] }[], now: Date): Promise<void> {
  for (const [i, reply] of replies.entries()) {
    await enqueueMessage(db, { channel: to.channel, accountId: to.accountId, chatId: to.chatId, personId: to.personId, kind: "reply", dedupKey: `reply:${turnRef}:${i}`, payload: { text: reply.text, ...(reply.choices.length ? { choices: reply.choices } : {}) } }, now);
  }
}
