import type { Db } from "../../db/client.ts";
import { addressKey, findChatAccountWithConversation, loadConversation, loadConversations, saveConversation, saveConversations, type ChatAccountRow, type ConversationAddress } from "../../db/repositories/chat-repository.ts";
import { parseSession, type Session } from "../chat/session.ts";
import type { Message } from "../chat/types.ts";
import type { Locale } from "../i18n/translator.ts";
import { enqueueMessage, enqueueMessages, type OutboxKind } from "../outbox/enqueue-message.ts";
import type { OutboxFile } from "../outbox/outbox-file.ts";

/**
 * The chat host's side that reaches people outside a turn, and the one place that reads and writes
 * conversation sessions: the host's turns (chat-host.ts) and the messages that offer choices in a
 * conversation (reminder digests, a returned figure's notice) go through readSession/writeSession.
 * Every message to a person is queued here as an outbox row of message keys, params and the
 * recipient's language; the dispatcher renders it when it sends (src/outbox/render-outbox.ts →
 * src/i18n/render.ts). tests/architecture/one-host.test.ts keeps it that way.
 */

/**
 * The session of a conversation (expired or damaged: an empty one). On PostgreSQL this takes the
 * chat's lock to the end of the transaction, unless the turn took it already (`lockHeld`: with its claim).
 */
export async function readSession(db: Db, at: ConversationAddress, now: Date, options: { lockHeld?: boolean } = {}): Promise<Session> {
  return parseSession(await loadConversation(db, at, now, options));
}

/**
 * A turn's sender's chat account and the chat's session (parsed as readSession does) in one read, once
 * the turn holds the chat's lock (`lockHeld` on PostgreSQL); undefined when that read is not possible
 * (no lock yet on PostgreSQL, no account yet): then ensureChatAccount and readSession.
 */
export async function readSessionWithAccount(
  db: Db,
  account: { channel: string; accountId: string; externalUserId: string },
  at: ConversationAddress,
  now: Date,
  options: { lockHeld?: boolean } = {},
): Promise<{ account: ChatAccountRow; session: Session } | undefined> {
  const found = await findChatAccountWithConversation(db, account, at, now, options);
  return found && { account: found.account, session: parseSession(found.session) };
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
  return (await queueMessages(db, [m], now))[0]!;
}

/** What a message that may offer choices says, decided from the conversation it lands in. */
export interface OfferingMessage {
  lines: Message[];
  /** The session offering the choices (offerChoices) and each choice's label, in the session's order. */
  offer?: { session: Session; labels: Message[] };
}

/** A message whose wording depends on the conversation it lands in (see queueOfferingMessage). */
export interface OfferingPersonMessage extends Omit<PersonMessage, "lines" | "choices"> {
  ttlMs: number;
  compose: (session: Session) => Promise<OfferingMessage> | OfferingMessage;
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
  return (await queueMessages(db, [{ ...m, compose }], now))[0]!;
}

/**
 * Queues these messages, plain (PersonMessage) and offering (OfferingPersonMessage) alike, in their
 * order, as one: the offering ones' sessions in one read, the rows in one insert (a few hundred a
 * statement), the sessions that offer choices in one write — what a reminder tick's hundreds of
 * digests cost a handful of statements. In the caller's transaction; answers, message by message,
 * as queuePersonMessage.
 */
export async function queueMessages(db: Db, messages: readonly (PersonMessage | OfferingPersonMessage)[], now: Date): Promise<{ id: number; created: boolean }[]> {
  const offering = messages.filter((m): m is OfferingPersonMessage => "compose" in m);
  const stored = await loadConversations(db, offering.map((m) => m.to), now);
  const composed: { message: PersonMessage; offer?: { session: Session; to: Recipient; ttlMs: number } }[] = [];
  for (const m of messages) {
    if (!("compose" in m)) {
      composed.push({ message: m });
      continue;
    }
    const { ttlMs, compose, ...message } = m;
    const c = await compose(parseSession(stored.get(addressKey(m.to))));
    const offered = c.offer;
    const choices = offered?.session.offered.map((o, i) => ({ id: o.id, label: offered.labels[i]! }));
    composed.push({ message: { ...message, lines: c.lines, ...(choices ? { choices } : {}) }, ...(offered ? { offer: { session: offered.session, to: m.to, ttlMs } } : {}) });
  }
  const queued = await enqueueMessages(
    db,
    composed.map(({ message: m }) => ({
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
    })),
    now,
  );
  // A chat offered twice in one call keeps the last offer, as two calls one after the other would leave it.
  const sessions = new Map<string, { at: Recipient; personId: number | null; session: Session; now: Date; ttlMs: number }>();
  for (const [i, c] of composed.entries()) if (c.offer && queued[i]!.created) sessions.set(addressKey(c.offer.to), { at: c.offer.to, personId: c.offer.to.personId, session: c.offer.session, now, ttlMs: c.offer.ttlMs });
  await saveConversations(db, [...sessions.values()]);
  return queued;
}

/** Replies of a committed turn the channel could not deliver, rendered by the host already: queued as they are (kind "reply"). */
export async function queueRenderedReplies(db: Db, to: Recipient, turnRef: string, replies: { text: string; choices: { id: string; label: string }[] }[], now: Date): Promise<void> {
  for (const [i, reply] of replies.entries()) {
    await enqueueMessage(db, { channel: to.channel, accountId: to.accountId, chatId: to.chatId, personId: to.personId, kind: "reply", dedupKey: `reply:${turnRef}:${i}`, payload: { text: reply.text, ...(reply.choices.length ? { choices: reply.choices } : {}) } }, now);
  }
}
