import { and, eq, getTableColumns, gt, inArray, isNotNull, isNull, lt, sql } from "drizzle-orm";
import { changedRows } from "../app-db.ts";
import type { Db } from "../client.ts";
import { auditLog, chatAccounts, conversationStates, processedUpdates } from "../schema.ts";
import { prepareOnce } from "./prepare-once.ts";
import { insertRows, type MultiRowInsert } from "./multi-row-insert.ts";
import { rawRun } from "./raw-sql.ts";
import { inPrivateChat } from "./private-chat.ts";

export type ChatAccountRow = typeof chatAccounts.$inferSelect;

export async function findChatAccount(db: Db, channel: string, accountId: string, externalUserId: string): Promise<ChatAccountRow | undefined> {
  return await statements(db).findChatAccount(channel, accountId, externalUserId);
}

/**
 * The account for a sender, created on first contact (unlinked: it sees nothing until linked). Its
 * chat is always the sender's private chat (their user id), also when they wrote in a group: the
 * account's chat is where personal messages go, and a group is never that.
 */
export async function ensureChatAccount(
  db: Db,
  v: { channel: string; accountId: string; externalUserId: string; inGroup?: boolean; displayName?: string | null },
  /** The row as the turn has just read it (findChatAccountWithConversation): not read again. */
  read?: { existing: ChatAccountRow },
): Promise<ChatAccountRow> {
  const chatId = v.externalUserId;
  const existing = read?.existing ?? await findChatAccount(db, v.channel, v.accountId, v.externalUserId);
  if (existing) {
    // Writing to us again in private means they can hear us again; a message in a group says nothing about that.
    const unblock = existing.blockedAt !== null && !v.inGroup;
    if (existing.chatId !== chatId || unblock) {
      return await db.update(chatAccounts).set({ chatId, ...(unblock ? { blockedAt: null } : {}) }).where(eq(chatAccounts.id, existing.id)).returning().get();
    }
    return existing;
  }
  return await db
    .insert(chatAccounts)
    .values({ channel: v.channel, accountId: v.accountId, externalUserId: v.externalUserId, chatId, displayName: v.displayName ?? null })
    .onConflictDoNothing()
    .returning()
    .get() ?? (await findChatAccount(db, v.channel, v.accountId, v.externalUserId))!;
}

export async function linkChatAccount(db: Db, accountId: number, personId: number, now: Date): Promise<void> {
  await db.update(chatAccounts).set({ personId, linkedAt: now }).where(eq(chatAccounts.id, accountId)).run();
}

export async function setChatAccountBlocked(db: Db, channel: string, accountId: string, externalUserId: string, blockedAt: Date | null): Promise<void> {
  await db.update(chatAccounts)
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

/**
 * The chat's session, read in the turn's transaction. On PostgreSQL, where several instances may
 * take turns of one chat at once, it first takes the chat's advisory lock for the rest of that
 * transaction (pg_advisory_xact_lock on the chat key, waited for): a second turn of the chat, in
 * this instance or another, reads the session only once the first has committed its own, so a
 * chat's turns run one after another and none is written over. A lock, not SELECT … FOR UPDATE:
 * the chat's first turn has no row yet to lock. On SQLite the turn's IMMEDIATE transaction already
 * holds the one write lock.
 */
export async function loadConversation(db: Db, at: ConversationAddress, now: Date, options: { lockHeld?: boolean } = {}): Promise<unknown | undefined> {
  if (db.$executor.engine === "postgres" && !options.lockHeld) {
    await db.run(sql`select pg_advisory_xact_lock(${conversationLockNamespace}::int4, hashtext(${conversationLockKey(at)}::text))`);
  }
  return await statements(db).loadConversation(at.channel, conversationKey(at), now);
}

/** The second key of a chat's advisory lock, hashed: channel and stored chat key. */
function conversationLockKey(at: ConversationAddress): string {
  return `${at.channel}:${conversationKey(at)}`;
}

/**
 * A turn's sender's chat account and its chat's session, in one read. Only once the turn holds the
 * chat's lock: on SQLite its IMMEDIATE transaction, on PostgreSQL `lockHeld` (taken with the claim,
 * claimProcessedUpdate); without it on PostgreSQL, undefined: read them apart (ensureChatAccount,
 * loadConversation, which takes the lock first). Undefined too for a sender without an account yet.
 */
export async function findChatAccountWithConversation(
  db: Db,
  account: { channel: string; accountId: string; externalUserId: string },
  at: ConversationAddress,
  now: Date,
  options: { lockHeld?: boolean } = {},
): Promise<{ account: ChatAccountRow; session: unknown } | undefined> {
  if (db.$executor.engine === "postgres" && !options.lockHeld) return undefined;
  const row = await statements(db).findChatAccountWithConversation(account, at.channel, conversationKey(at), now);
  if (!row) return undefined;
  const { session, ...found } = row;
  return { account: found, session: session ?? undefined };
}

/** First key of the chats' two-key advisory locks (a fixed int4, apart from the jobs' 1_932_105_011): "chitieu chats". */
const conversationLockNamespace = 1_932_105_012;

export async function saveConversation(db: Db, at: ConversationAddress, v: { personId: number | null; session: unknown; now: Date; ttlMs: number }): Promise<void> {
  await statements(db).saveConversation(at.channel, conversationKey(at), { personId: v.personId, session: v.session, expiresAt: new Date(v.now.getTime() + v.ttlMs), updatedAt: v.now });
}

/**
 * The sessions of several chats, in one read (a reminder tick's digests): keyed by the address's
 * stored key (conversationKey). On PostgreSQL the chats' advisory locks are taken first, one
 * statement, in the order of their keys (so two writers taking several never wait on each other in a
 * circle), as loadConversation takes one.
 */
export async function loadConversations(db: Db, at: readonly ConversationAddress[], now: Date): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>();
  const keys = [...new Set(at.map((a) => `${a.channel}:${conversationKey(a)}`))].sort();
  if (keys.length === 0) return out;
  if (db.$executor.engine === "postgres") {
    await rawRun(db, `select count(pg_advisory_xact_lock(:ns::int4, hashtext(k))) from (select k from jsonb_array_elements_text(cast(:keys as jsonb)) as t(k) order by k) as sorted`, { ns: conversationLockNamespace, keys: JSON.stringify(keys) });
  }
  const byChannel = new Map<string, string[]>();
  for (const a of at) (byChannel.get(a.channel) ?? byChannel.set(a.channel, []).get(a.channel)!).push(conversationKey(a));
  for (const [channel, chatIds] of byChannel) {
    for (let i = 0; i < chatIds.length; i += 500) {
      const rows = await db
        .select({ chatId: conversationStates.chatId, session: conversationStates.session })
        .from(conversationStates)
        .where(and(eq(conversationStates.channel, channel), inArray(conversationStates.chatId, chatIds.slice(i, i + 500)), gt(conversationStates.expiresAt, now)))
        .all();
      for (const r of rows) out.set(addressKey({ channel, accountId: "", chatId: r.chatId }), r.session);
    }
  }
  return out;
}

/** The key loadConversations answers a chat's session under. */
export function addressKey(a: ConversationAddress): string {
  return `${a.channel}:${conversationKey(a)}`;
}

/** Writes several chats' sessions (a reminder tick's digests that offer choices), in multi-row statements (insertRows); one entry per chat. */
export async function saveConversations(db: Db, sessions: readonly { at: ConversationAddress; personId: number | null; session: unknown; now: Date; ttlMs: number }[]): Promise<void> {
  await insertRows(db, SESSIONS_UPSERT, sessions, (v, into) => into.push(v.at.channel, conversationKey(v.at), v.personId, JSON.stringify(v.session), v.now.getTime() + v.ttlMs, v.now.getTime()), "run");
}

/** saveConversations' statement: the session as JSON text, a text column on both engines. */
const SESSIONS_UPSERT: MultiRowInsert = {
  head: "insert into conversation_states (channel, chat_id, person_id, session, expires_at, updated_at) values ",
  row: "(?, ?, ?, ?, ?, ?)",
  tail: " on conflict (channel, chat_id) do update set person_id = excluded.person_id, session = excluded.session, expires_at = excluded.expires_at, updated_at = excluded.updated_at",
};

/** Where a group is, for the once-per-group notice that the bot works in private chats. */
function groupEntity(at: ConversationAddress): string {
  return `${at.channel}:${conversationKey(at)}`;
}

/** Whether a group was told already that the bot works in private chats (GROUPS_ENABLED=false). */
export async function groupNoticeSent(db: Db, group: ConversationAddress): Promise<boolean> {
  return await db.select({ id: auditLog.id }).from(auditLog).where(and(eq(auditLog.action, "group.private_only"), eq(auditLog.entity, "chat"), eq(auditLog.entityId, groupEntity(group)))).get() !== undefined;
}

export async function recordGroupNotice(db: Db, group: ConversationAddress, now: Date): Promise<void> {
  await db.insert(auditLog).values({ at: now, actor: group.channel, action: "group.private_only", entity: "chat", entityId: groupEntity(group) }).run();
}

/** Whether an update id of a channel is recorded already. */
export async function processedUpdateSeen(db: Db, channel: string, updateId: string): Promise<boolean> {
  return await statements(db).processedUpdateSeen(channel, updateId);
}

/**
 * True the first time an update id is seen on a channel; false for a redelivery. With `lockChat`,
 * first in a turn's transaction: on PostgreSQL the chat's advisory lock (loadConversation's) is
 * taken in the same statement, before the claim row is inserted — one round trip for both; the
 * turn then reads its session with `lockHeld`. The insert's conflict check sees every committed
 * claim whatever the statement's snapshot, so a claim committed while it waited for the lock is
 * found. On SQLite the turn's IMMEDIATE transaction is the lock: the claim alone.
 */
export async function claimProcessedUpdate(db: Db, channel: string, updateId: string, now: Date, lockChat?: ConversationAddress): Promise<boolean> {
  if (lockChat && db.$executor.engine === "postgres") {
    const claimed = await rawRun(
      db,
      `with chat_lock as (select pg_advisory_xact_lock(:ns::int4, hashtext(:key::text)))
       insert into processed_updates (channel, update_id, received_at) select :channel::text, :updateId::text, :receivedAt::bigint from chat_lock on conflict do nothing`,
      { ns: conversationLockNamespace, key: conversationLockKey(lockChat), channel, updateId, receivedAt: now.getTime() },
    );
    return claimed === 1;
  }
  return await statements(db).claimProcessedUpdate(channel, updateId, now);
}

/** Forget update ids older than the window (48 h): ids can restart after a quiet week. */
export async function pruneProcessedUpdates(db: Db, olderThan: Date): Promise<number> {
  return changedRows(await db.delete(processedUpdates).where(lt(processedUpdates.receivedAt, olderThan)).run());
}

/**
 * The reads and writes of every update, built once per database (prepareOnce) with placeholders: for
 * these one-row statements, run a few hundred times a second, building the query costs about as
 * much as the database's work. A placeholder compared in WHERE gets no column encoding, so a time
 * there is passed as milliseconds; in VALUES it is encoded like any value.
 */
const statements = prepareOnce((db) => {
  const p = sql.placeholder;
  const findChatAccount = db
    .select()
    .from(chatAccounts)
    .where(and(eq(chatAccounts.channel, p("channel")), eq(chatAccounts.accountId, p("accountId")), eq(chatAccounts.externalUserId, p("externalUserId"))))
    .prepare();
  const findChatAccountWithConversation = db
    .select({
      ...getTableColumns(chatAccounts),
      session: sql<unknown>`(select ${conversationStates.session} from ${conversationStates} where ${conversationStates.channel} = ${p("sessionChannel")} and ${conversationStates.chatId} = ${p("chatId")} and ${conversationStates.expiresAt} > ${p("now")})`.mapWith(conversationStates.session),
    })
    .from(chatAccounts)
    .where(and(eq(chatAccounts.channel, p("channel")), eq(chatAccounts.accountId, p("accountId")), eq(chatAccounts.externalUserId, p("externalUserId"))))
    .prepare();
  const loadConversation = db
    .select({ session: conversationStates.session })
    .from(conversationStates)
    .where(and(eq(conversationStates.channel, p("channel")), eq(conversationStates.chatId, p("chatId")), gt(conversationStates.expiresAt, p("now"))))
    .prepare();
  // The update takes the row that was refused ("excluded", SQLite and PostgreSQL alike), so each value is bound once.
  const saveConversation = db
    .insert(conversationStates)
    .values({ channel: p("channel"), chatId: p("chatId"), session: p("session"), personId: p("personId"), expiresAt: p("expiresAt"), updatedAt: p("updatedAt") })
    .onConflictDoUpdate({
      target: [conversationStates.channel, conversationStates.chatId],
      set: { session: sql`excluded.session`, personId: sql`excluded.person_id`, expiresAt: sql`excluded.expires_at`, updatedAt: sql`excluded.updated_at` },
    })
    .prepare();
  const processedUpdateSeen = db
    .select({ one: sql<number>`1` })
    .from(processedUpdates)
    .where(and(eq(processedUpdates.channel, p("channel")), eq(processedUpdates.updateId, p("updateId"))))
    .prepare();
  const claimProcessedUpdate = db.insert(processedUpdates).values({ channel: p("channel"), updateId: p("updateId"), receivedAt: p("receivedAt") }).onConflictDoNothing().prepare();
  return {
    findChatAccount: (channel: string, accountId: string, externalUserId: string): Promise<ChatAccountRow | undefined> => findChatAccount.get({ channel, accountId, externalUserId }),
    findChatAccountWithConversation: async (a: { channel: string; accountId: string; externalUserId: string }, sessionChannel: string, chatId: string, now: Date) =>
      await findChatAccountWithConversation.get({ channel: a.channel, accountId: a.accountId, externalUserId: a.externalUserId, sessionChannel, chatId, now: now.getTime() }),
    loadConversation: async (channel: string, chatId: string, now: Date): Promise<unknown> => (await loadConversation.get({ channel, chatId, now: now.getTime() }))?.session,
    saveConversation: async (channel: string, chatId: string, v: { personId: number | null; session: unknown; expiresAt: Date; updatedAt: Date }): Promise<void> => {
      await saveConversation.run({ channel, chatId, session: v.session, personId: v.personId, expiresAt: v.expiresAt, updatedAt: v.updatedAt });
    },
    processedUpdateSeen: async (channel: string, updateId: string) => (await processedUpdateSeen.get({ channel, updateId })) !== undefined,
    claimProcessedUpdate: async (channel: string, updateId: string, receivedAt: Date) => changedRows(await claimProcessedUpdate.run({ channel, updateId, receivedAt })) === 1,
  };
});

/** Forgets conversations whose expiry has passed; returns how many. */
export async function deleteExpiredConversations(db: Db, now: Date): Promise<number> {
  return changedRows(await db.delete(conversationStates).where(lt(conversationStates.expiresAt, now)).run());
}

/** The linked, unblocked accounts of these people whose chat is their private chat (never a group). */
export async function linkedPrivateAccountsOf(db: Db, personIds: number[]): Promise<ChatAccountRow[]> {
  if (personIds.length === 0) return [];
  return await db
    .select()
    .from(chatAccounts)
    .where(and(inArray(chatAccounts.personId, personIds), isNotNull(chatAccounts.linkedAt), isNull(chatAccounts.blockedAt), isNotNull(chatAccounts.chatId), inPrivateChat))
    .all();
}
