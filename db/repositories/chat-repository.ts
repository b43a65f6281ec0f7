import { and, eq, inArray, isNotNull, isNull, lt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { auditLog, chatAccounts, conversationStates, processedUpdates } from "../schema.ts";
import { prepareOnce } from "./prepare-once.ts";
import { inPrivateChat } from "./private-chat.ts";

export type ChatAccountRow = typeof chatAccounts.$inferSelect;

export function findChatAccount(db: Db, channel: string, accountId: string, externalUserId: string): ChatAccountRow | undefined {
  return statements(db).findChatAccount(channel, accountId, externalUserId);
}

/**
 * The account for a sender, created on first contact (unlinked: it sees nothing until linked). Its
 * chat is always the sender's private chat (their user id), also when they wrote in a group: the
 * account's chat is where personal messages go, and a group is never that.
 */
export function ensureChatAccount(db: Db, v: { channel: string; accountId: string; externalUserId: string; inGroup?: boolean; displayName?: string | null }): ChatAccountRow {
  const chatId = v.externalUserId;
  const existing = findChatAccount(db, v.channel, v.accountId, v.externalUserId);
  if (existing) {
    // Writing to us again in private means they can hear us again; a message in a group says nothing about that.
    const unblock = existing.blockedAt !== null && !v.inGroup;
    if (existing.chatId !== chatId || unblock) {
      return db.update(chatAccounts).set({ chatId, ...(unblock ? { blockedAt: null } : {}) }).where(eq(chatAccounts.id, existing.id)).returning().get();
    }
    return existing;
  }
  return db
    .insert(chatAccounts)
    .values({ channel: v.channel, accountId: v.accountId, externalUserId: v.externalUserId, chatId, displayName: v.displayName ?? null })
    .onConflictDoNothing()
    .returning()
    .get() ?? findChatAccount(db, v.channel, v.accountId, v.externalUserId)!;
}

export function linkChatAccount(db: Db, accountId: number, personId: number, now: Date): void {
  db.update(chatAccounts).set({ personId, linkedAt: now }).where(eq(chatAccounts.id, accountId)).run();
}

export function setChatAccountBlocked(db: Db, channel: string, accountId: string, externalUserId: string, blockedAt: Date | null): void {
  db.update(chatAccounts)
    .set({ blockedAt })
    .where(and(eq(chatAccounts.channel, channel), eq(chatAccounts.accountId, accountId), eq(chatAccounts.externalUserId, externalUserId)))
    .run();
}

/** Where a conversation is: a chat of one bot or Zalo account of a channel (Zalo user ids are per account). */
export interface ConversationAddress {
  channel: string;
  /** The bot or Zalo account ("" when the channel has only one). */
  accountId: string;
  chatId: string;
}

/** The stored chat key: the account's own chats never meet another account's with the same id. */
function conversationKey(a: ConversationAddress): string {
  return a.accountId === "" ? a.chatId : `${a.accountId}/${a.chatId}`;
}

export function loadConversation(db: Db, at: ConversationAddress, now: Date): unknown | undefined {
  return statements(db).loadConversation(at.channel, conversationKey(at), now);
}

export function saveConversation(db: Db, at: ConversationAddress, v: { personId: number | null; session: unknown; now: Date; ttlMs: number }): void {
  statements(db).saveConversation(at.channel, conversationKey(at), { personId: v.personId, session: v.session, expiresAt: new Date(v.now.getTime() + v.ttlMs), updatedAt: v.now });
}

/** Where a group is, for the once-per-group notice that the bot works in private chats. */
function groupEntity(at: ConversationAddress): string {
  return `${at.channel}:${conversationKey(at)}`;
}

/** Whether a group was told already that the bot works in private chats (GROUPS_ENABLED=false). */
export function groupNoticeSent(db: Db, group: ConversationAddress): boolean {
  return db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.action, "group.private_only"), eq(auditLog.entity, "chat"), eq(auditLog.entityId, groupEntity(group)))).get() !== undefined;
}

export function recordGroupNotice(db: Db, group: ConversationAddress, now: Date): void {
  db.insert(auditLog).values({ at: now, actor: group.channel, action: "group.private_only", entity: "chat", entityId: groupEntity(group) }).run();
}

/** Whether an update id of a channel is recorded already. */
export function processedUpdateSeen(db: Db, channel: string, updateId: string): boolean {
  return statements(db).processedUpdateSeen(channel, updateId);
}

/** True the first time an update id is seen on a channel; false for a redelivery. */
export function claimProcessedUpdate(db: Db, channel: string, updateId: string, now: Date): boolean {
  return statements(db).claimProcessedUpdate(channel, updateId, now);
}

/** Forget update ids older than the window (48 h): ids can restart after a quiet week. */
export function pruneProcessedUpdates(db: Db, olderThan: Date): number {
  return db.delete(processedUpdates).where(lt(processedUpdates.receivedAt, olderThan)).run().changes;
}

/** A chat_accounts row as SQLite returns it (timestamps in milliseconds). */
interface ChatAccountRecord {
  id: number;
  channel: string;
  accountId: string;
  externalUserId: string;
  chatId: string | null;
  displayName: string | null;
  personId: number | null;
  linkedAt: number | null;
  blockedAt: number | null;
  createdAt: number;
}

const dateOrNull = (ms: number | null) => (ms === null ? null : new Date(ms));

function chatAccountOf(r: ChatAccountRecord | undefined): ChatAccountRow | undefined {
  return r && { ...r, linkedAt: dateOrNull(r.linkedAt), blockedAt: dateOrNull(r.blockedAt), createdAt: new Date(r.createdAt) };
}

/**
 * The reads and writes of every update (prepareOnce), as plain better-sqlite3 statements: for these
 * one-row statements, run a few hundred times a second, Drizzle's placeholder filling and row
 * mapping cost about as much as SQLite's work. The values are encoded here as Drizzle stores them
 * (timestamps as milliseconds, the session as JSON text); db/schema.ts stays the reference.
 */
const statements = prepareOnce((db) => {
  const c = db.$client;
  const findChatAccount = c.prepare<[string, string, string], ChatAccountRecord>(
    `select id, channel, account_id as accountId, external_user_id as externalUserId, chat_id as chatId, display_name as displayName,
       person_id as personId, linked_at as linkedAt, blocked_at as blockedAt, created_at as createdAt
     from chat_accounts where channel = ? and account_id = ? and external_user_id = ?`,
  );
  const loadConversation = c.prepare<[string, string, number], string>(`select session from conversation_states where channel = ? and chat_id = ? and expires_at > ?`).pluck();
  // The update takes the row that was refused (SQLite's "excluded"), so each value is bound once.
  const saveConversation = c.prepare<[string, string, string, number | null, number, number]>(
    `insert into conversation_states (channel, chat_id, session, person_id, expires_at, updated_at) values (?, ?, ?, ?, ?, ?)
     on conflict (channel, chat_id) do update set session = excluded.session, person_id = excluded.person_id, expires_at = excluded.expires_at, updated_at = excluded.updated_at`,
  );
  const processedUpdateSeen = c.prepare<[string, string], number>(`select 1 from processed_updates where channel = ? and update_id = ?`).pluck();
  const claimProcessedUpdate = c.prepare<[string, string, number]>(`insert into processed_updates (channel, update_id, received_at) values (?, ?, ?) on conflict do nothing`);
  return {
    findChatAccount: (channel: string, accountId: string, externalUserId: string) => chatAccountOf(findChatAccount.get(channel, accountId, externalUserId)),
    loadConversation: (channel: string, chatId: string, now: Date): unknown => {
      const session = loadConversation.get(channel, chatId, now.getTime());
      return session === undefined ? undefined : JSON.parse(session);
    },
    saveConversation: (channel: string, chatId: string, v: { personId: number | null; session: unknown; expiresAt: Date; updatedAt: Date }) =>
      saveConversation.run(channel, chatId, JSON.stringify(v.session), v.personId, v.expiresAt.getTime(), v.updatedAt.getTime()),
    processedUpdateSeen: (channel: string, updateId: string) => processedUpdateSeen.get(channel, updateId) !== undefined,
    claimProcessedUpdate: (channel: string, updateId: string, receivedAt: Date) => claimProcessedUpdate.run(channel, updateId, receivedAt.getTime()).changes === 1,
  };
});

/** Forgets conversations whose expiry has passed; returns how many. */
export function deleteExpiredConversations(db: Db, now: Date): number {
  return db.delete(conversationStates).where(lt(conversationStates.expiresAt, now)).run().changes;
}

/** The linked, unblocked accounts of these people whose chat is their private chat (never a group). */
export function linkedPrivateAccountsOf(db: Db, personIds: number[]): ChatAccountRow[] {
  if (personIds.length === 0) return [];
  return db
    .select()
    .from(chatAccounts)
    .where(and(inArray(chatAccounts.personId, personIds), isNotNull(chatAccounts.linkedAt), isNull(chatAccounts.blockedAt), isNotNull(chatAccounts.chatId), inPrivateChat))
    .all();
}
