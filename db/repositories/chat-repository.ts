import { and, eq, gt, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { Db } from "../client.ts";
import { auditLog, chatAccounts, conversationStates, processedUpdates } from "../schema.ts";
import { prepareOnce } from "./prepare-once.ts";
import { inPrivateChat } from "./private-chat.ts";

export type ChatAccountRow = typeof chatAccounts.$inferSelect;

export function findChatAccount(db: Db, channel: string, accountId: string, externalUserId: string): ChatAccountRow | undefined {
  return statements(db).findChatAccount.get({ channel, accountId, externalUserId });
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
  return statements(db).loadConversation.get({ channel: at.channel, chatId: conversationKey(at), now: now.getTime() })?.session;
}

export function saveConversation(db: Db, at: ConversationAddress, v: { personId: number | null; session: unknown; now: Date; ttlMs: number }): void {
  statements(db).saveConversation.run({ channel: at.channel, chatId: conversationKey(at), session: v.session, personId: v.personId, expiresAt: new Date(v.now.getTime() + v.ttlMs), updatedAt: v.now });
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
  return statements(db).processedUpdateSeen.get({ channel, updateId }) !== undefined;
}

/** True the first time an update id is seen on a channel; false for a redelivery. */
export function claimProcessedUpdate(db: Db, channel: string, updateId: string, now: Date): boolean {
  return statements(db).claimProcessedUpdate.run({ channel, updateId, receivedAt: now }).changes === 1;
}

/** Forget update ids older than the window (48 h): ids can restart after a quiet week. */
export function pruneProcessedUpdates(db: Db, olderThan: Date): number {
  return db.delete(processedUpdates).where(lt(processedUpdates.receivedAt, olderThan)).run().changes;
}

/** The reads and writes of every chat turn (prepareOnce). */
const statements = prepareOnce((db) => {
  const p = sql.placeholder;
  // The update takes the row that was refused (SQLite's "excluded"), so each value is bound once.
  const excluded = (column: SQLiteColumn) => sql.raw(`excluded."${column.name}"`);
  return {
    findChatAccount: db
      .select()
      .from(chatAccounts)
      .where(and(eq(chatAccounts.channel, p("channel")), eq(chatAccounts.accountId, p("accountId")), eq(chatAccounts.externalUserId, p("externalUserId"))))
      .prepare(),
    loadConversation: db
      .select({ session: conversationStates.session })
      .from(conversationStates)
      .where(and(eq(conversationStates.channel, p("channel")), eq(conversationStates.chatId, p("chatId")), gt(conversationStates.expiresAt, p("now"))))
      .prepare(),
    saveConversation: db
      .insert(conversationStates)
      .values({ channel: p("channel"), chatId: p("chatId"), session: p("session"), personId: p("personId"), expiresAt: p("expiresAt"), updatedAt: p("updatedAt") })
      .onConflictDoUpdate({
        target: [conversationStates.channel, conversationStates.chatId],
        set: {
          session: excluded(conversationStates.session),
          personId: excluded(conversationStates.personId),
          expiresAt: excluded(conversationStates.expiresAt),
          updatedAt: excluded(conversationStates.updatedAt),
        },
      })
      .prepare(),
    processedUpdateSeen: db
      .select({ updateId: processedUpdates.updateId })
      .from(processedUpdates)
      .where(and(eq(processedUpdates.channel, p("channel")), eq(processedUpdates.updateId, p("updateId"))))
      .prepare(),
    claimProcessedUpdate: db.insert(processedUpdates).values({ channel: p("channel"), updateId: p("updateId"), receivedAt: p("receivedAt") }).onConflictDoNothing().prepare(),
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
