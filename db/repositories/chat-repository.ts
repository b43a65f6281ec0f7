import { and, eq, gt, lt } from "drizzle-orm";
import type { Db } from "../client.ts";
import { chatAccounts, conversationStates, processedUpdates } from "../schema.ts";

export type ChatAccountRow = typeof chatAccounts.$inferSelect;

export function findChatAccount(db: Db, channel: string, accountId: string, externalUserId: string): ChatAccountRow | undefined {
  return db
    .select()
    .from(chatAccounts)
    .where(and(eq(chatAccounts.channel, channel), eq(chatAccounts.accountId, accountId), eq(chatAccounts.externalUserId, externalUserId)))
    .get();
}

/** The account for a sender, created on first contact (unlinked: it sees nothing until linked). */
export function ensureChatAccount(db: Db, v: { channel: string; accountId: string; externalUserId: string; chatId: string; displayName?: string | null }): ChatAccountRow {
  const existing = findChatAccount(db, v.channel, v.accountId, v.externalUserId);
  if (existing) {
    if (existing.chatId !== v.chatId || existing.blockedAt !== null) {
      // Writing to us again means they can hear us again.
      return db.update(chatAccounts).set({ chatId: v.chatId, blockedAt: null }).where(eq(chatAccounts.id, existing.id)).returning().get();
    }
    return existing;
  }
  return db
    .insert(chatAccounts)
    .values({ channel: v.channel, accountId: v.accountId, externalUserId: v.externalUserId, chatId: v.chatId, displayName: v.displayName ?? null })
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

export function loadConversation(db: Db, channel: string, chatId: string, now: Date): unknown | undefined {
  const row = db
    .select()
    .from(conversationStates)
    .where(and(eq(conversationStates.channel, channel), eq(conversationStates.chatId, chatId), gt(conversationStates.expiresAt, now)))
    .get();
  return row?.session;
}

export function saveConversation(db: Db, v: { channel: string; chatId: string; personId: number | null; session: unknown; now: Date; ttlMs: number }): void {
  const values = { session: v.session, personId: v.personId, expiresAt: new Date(v.now.getTime() + v.ttlMs), updatedAt: v.now };
  db.insert(conversationStates)
    .values({ channel: v.channel, chatId: v.chatId, ...values })
    .onConflictDoUpdate({ target: [conversationStates.channel, conversationStates.chatId], set: values })
    .run();
}

/** True the first time an update id is seen on a channel; false for a redelivery. */
export function claimProcessedUpdate(db: Db, channel: string, updateId: string, now: Date): boolean {
  const result = db.insert(processedUpdates).values({ channel, updateId, receivedAt: now }).onConflictDoNothing().run();
  return result.changes === 1;
}

/** Forget update ids older than the window (48 h): ids can restart after a quiet week. */
export function pruneProcessedUpdates(db: Db, olderThan: Date): number {
  return db.delete(processedUpdates).where(lt(processedUpdates.receivedAt, olderThan)).run().changes;
}
