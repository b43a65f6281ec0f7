import { and, asc, count, eq, gt, inArray, isNotNull, isNull, lte, min, notInArray, or, sql } from "drizzle-orm";
import { inTransaction } from "../app-db.ts";
import type { Db } from "../client.ts";
import { chatAccounts, outbox } from "../schema.ts";
import { insertRows, type MultiRowInsert } from "./multi-row-insert.ts";

export type OutboxRow = typeof outbox.$inferSelect;
export type NewOutboxRow = typeof outbox.$inferInsert;
export type OutboxStatus = OutboxRow["status"];

/**
 * Stores a message (any columns: a test's fixture, an upgrade's old row) unless one with its dedup key
 * exists; either way answers the row's id.
 */
export async function insertOutboxMessage(db: Db, values: NewOutboxRow): Promise<{ id: number; created: boolean }> {
  const inserted = await db.insert(outbox).values(values).onConflictDoNothing({ target: outbox.dedupKey }).returning({ id: outbox.id }).get();
  if (inserted) return { id: inserted.id, created: true };
  const existing = await db.select({ id: outbox.id }).from(outbox).where(eq(outbox.dedupKey, values.dedupKey)).get();
  if (!existing) throw new Error(`outbox: the insert of "${values.dedupKey}" conflicted but no row has that key`);
  return { id: existing.id, created: false };
}

/** A new pending row as enqueueMessages writes it (the other columns keep their defaults). */
export interface PendingOutboxRow {
  channel: string;
  accountId: string;
  chatId: string;
  personId: number | null;
  kind: string;
  dedupKey: string;
  payload: unknown;
  nextAttemptAt: Date;
  broadcastId: number | null;
  locale: "vi" | "en" | null;
  createdAt: Date;
}

/** Dedup keys looked up per statement (insertOutboxMessages' conflicts). */
const KEYS_PER_SELECT = 500;
const OUTBOX_INSERT: MultiRowInsert = {
  head: "insert into outbox (channel, account_id, chat_id, person_id, kind, dedup_key, payload, status, next_attempt_at, broadcast_id, locale, created_at) values ",
  row: "(?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)",
  tail: " on conflict (dedup_key) do nothing returning id, dedup_key",
};

/**
 * Stores these pending messages, in their order (their ids grow in it, so the dispatcher sends them in
 * it), in multi-row statements (insertRows: the payload as JSON text, a text column on both engines),
 * skipping every dedup key stored before or earlier in the list; answers, row by row, its id and
 * whether this call created it.
 */
export async function insertOutboxMessages(db: Db, rows: readonly PendingOutboxRow[]): Promise<{ id: number; created: boolean }[]> {
  const inserted = new Map<string, number>();
  const results = await insertRows(db, OUTBOX_INSERT, rows, (r, into) => into.push(r.channel, r.accountId, r.chatId, r.personId, r.kind, r.dedupKey, JSON.stringify(r.payload), r.nextAttemptAt.getTime(), r.broadcastId, r.locale, r.createdAt.getTime()), "all");
  for (const result of results) for (const [id, dedupKey] of result.rows as [number | string, string][]) inserted.set(dedupKey, Number(id));
  const missing = [...new Set(rows.map((r) => r.dedupKey).filter((k) => !inserted.has(k)))];
  const existing = new Map<string, number>();
  for (let i = 0; i < missing.length; i += KEYS_PER_SELECT) {
    for (const r of await db.select({ id: outbox.id, dedupKey: outbox.dedupKey }).from(outbox).where(inArray(outbox.dedupKey, missing.slice(i, i + KEYS_PER_SELECT))).all()) existing.set(r.dedupKey, r.id);
  }
  const answered = new Set<string>();
  return rows.map((r) => {
    const fresh = inserted.get(r.dedupKey);
    const id = fresh ?? existing.get(r.dedupKey);
    if (id === undefined) throw new Error(`outbox: the insert of "${r.dedupKey}" conflicted but no row has that key`);
    const created = fresh !== undefined && !answered.has(r.dedupKey);
    answered.add(r.dedupKey);
    return { id, created };
  });
}

export interface ClaimOptions {
  channel: string;
  now: Date;
  /** A row left "sending" longer than this belongs to a dispatcher that died mid-send. */
  leaseMs: number;
  limit: number;
  /** Rows this dispatcher is sending right now (never taken twice, even past the lease). */
  excludeIds?: Iterable<number>;
}

/**
 * Takes up to `limit` due rows of a channel for this dispatcher: pending rows whose time has come,
 * and rows whose sender's lease ran out (a crash mid-send; that counts as an attempt, so a message
 * that kills the process every time ends "failed"). Two dispatchers, in this process or another
 * instance, never take the same row: on SQLite one IMMEDIATE transaction holds the write lock from
 * the start; on PostgreSQL the rows are picked with FOR UPDATE SKIP LOCKED (a row another
 * dispatcher is claiming is passed over, not waited for, and once its claim commits it is no longer
 * due). Rows whose recipient has blocked us end "blocked" here, unsent, in the same transaction.
 * Other work first: broadcast rows go after reminders and progress edits queued behind them; the
 * claimed rows come back in that order. Within one chat, strictly in id order (firstOfItsChat).
 */
/**
 * A chat's messages go out in the order they were queued (by id): a row is claimed only when no
 * earlier row of its chat is still waiting or being sent. So a chat has one row in flight at most, and
 * a row its chat's rate limit, a 429 or a retry puts back holds the rows behind it back with it.
 * Answered by outbox_chat_queue_idx.
 */
const firstOfItsChat = sql.raw(`not exists (select 1 from "outbox" as "ahead" where "ahead"."chat_id" = "outbox"."chat_id" and "ahead"."status" in ('pending', 'sending') and "ahead"."id" < "outbox"."id" and "ahead"."account_id" = "outbox"."account_id" and "ahead"."channel" = "outbox"."channel")`);

export async function claimDueOutbox(db: Db, o: ClaimOptions): Promise<{ claimed: OutboxRow[]; blocked: OutboxRow[] }> {
  const exclude = [...(o.excludeIds ?? [])];
  const leaseCutoff = new Date(o.now.getTime() - o.leaseMs);
  const claimedValues = {
    attempts: sql`case when ${outbox.status} = 'sending' then ${outbox.attempts} + 1 else ${outbox.attempts} end`,
    status: "sending" as const,
    claimedAt: o.now,
  };
  const claimOnSqlite = async (): Promise<OutboxRow[]> => {
    const due = (await db
      .select({ id: outbox.id })
      .from(outbox)
      .where(
        and(
          or(and(eq(outbox.status, "pending"), lte(outbox.nextAttemptAt, o.now)), and(eq(outbox.status, "sending"), lte(outbox.claimedAt, leaseCutoff))),
          eq(outbox.channel, o.channel),
          exclude.length ? notInArray(outbox.id, exclude) : undefined,
          firstOfItsChat,
        ),
      )
      .orderBy(sql`case ${outbox.kind} when 'broadcast' then 1 else 0 end`, asc(outbox.nextAttemptAt), asc(outbox.id))
      .limit(o.limit)
      .all())
      .map((r) => r.id);
    if (due.length === 0) return [];
    return await db.update(outbox).set(claimedValues).where(inArray(outbox.id, due)).returning().all();
  };
  const claimOnPostgres = async (): Promise<OutboxRow[]> =>
    await db
      .update(outbox)
      .set(claimedValues)
      .where(
        sql`${outbox.id} in (select ${outbox.id} from ${outbox} where ${outbox.channel} = ${o.channel}
          and ((${outbox.status} = 'pending' and ${outbox.nextAttemptAt} <= ${o.now.getTime()}) or (${outbox.status} = 'sending' and ${outbox.claimedAt} <= ${leaseCutoff.getTime()}))
          ${exclude.length ? sql`and ${outbox.id} not in ${exclude}` : sql``}
          and ${firstOfItsChat}
          order by case ${outbox.kind} when 'broadcast' then 1 else 0 end, ${outbox.nextAttemptAt}, ${outbox.id} limit ${o.limit} for update skip locked)`,
      )
      .returning()
      .all();
  const claim = async () => {
    const rows = db.$executor.engine === "postgres" ? await claimOnPostgres() : await claimOnSqlite();
    if (rows.length === 0) return { claimed: [], blocked: [] };
    // RETURNING does not promise an order: the claim's own (broadcasts last, then due time, then id).
    // nextAttemptAt is unchanged by the claim, so it still orders the rows as the select did.
    rows.sort((a, b) => Number(a.kind === "broadcast") - Number(b.kind === "broadcast") || a.nextAttemptAt.getTime() - b.nextAttemptAt.getTime() || a.id - b.id);
    const blockedChats = await blockedChatsAmong(db, o.channel, [...new Set(rows.map((r) => r.chatId))]);
    const blocked = rows.filter((r) => blockedChats.has(`${r.accountId}\u0000${r.chatId}`));
    if (blocked.length) {
      await db.update(outbox)
        .set({ status: "blocked", claimedAt: null, lastError: "recipient blocked the bot earlier; not sent" })
        .where(inArray(outbox.id, blocked.map((r) => r.id)))
        .run();
    }
    const claimed = rows.filter((r) => !blockedChats.has(`${r.accountId}\u0000${r.chatId}`));
    return { claimed, blocked };
  };
  return await inTransaction(db, claim, "immediate");
}

async function blockedChatsAmong(db: Db, channel: string, chatIds: string[]): Promise<Set<string>> {
  const rows = await db
    .select({ accountId: chatAccounts.accountId, chatId: chatAccounts.chatId })
    .from(chatAccounts)
    .where(and(eq(chatAccounts.channel, channel), isNotNull(chatAccounts.blockedAt), inArray(chatAccounts.chatId, chatIds)))
    .all();
  return new Set(rows.map((r) => `${r.accountId}\u0000${r.chatId}`));
}

/** Sent (`note`: why it counts as sent without a send, e.g. a superseded edit). */
export async function markOutboxSent(db: Db, id: number, now: Date, externalMessageId: string | null, note: string | null = null): Promise<void> {
  await db.update(outbox).set({ status: "sent", sentAt: now, claimedAt: null, externalMessageId, lastError: note }).where(eq(outbox.id, id)).run();
}

/**
 * Back to pending until `at`. `attempt` counts it against the maximum (a 5xx or a timeout);
 * waits the channel asked for (429) and our own rate limiting do not.
 */
export async function rescheduleOutbox(db: Db, id: number, at: Date, o: { attempt: boolean; error?: string | null }): Promise<void> {
  await db.update(outbox)
    .set({
      status: "pending",
      nextAttemptAt: at,
      claimedAt: null,
      ...(o.attempt ? { attempts: sql`${outbox.attempts} + 1` } : {}),
      ...(o.error !== undefined ? { lastError: o.error } : {}),
    })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending")))
    .run();
}

export async function markOutboxFailed(db: Db, id: number, error: string, o: { attempt: boolean }): Promise<void> {
  await db.update(outbox)
    .set({ status: "failed", claimedAt: null, lastError: error, ...(o.attempt ? { attempts: sql`${outbox.attempts} + 1` } : {}) })
    .where(and(eq(outbox.id, id), eq(outbox.status, "sending")))
    .run();
}

/** The recipient refused us (403): the row ends "blocked" and so does their chat account, for every later message. */
export async function markOutboxBlocked(db: Db, row: Pick<OutboxRow, "id" | "channel" | "accountId" | "chatId">, now: Date, error: string): Promise<void> {
  await inTransaction(db, async () => {
    await db.update(outbox)
      .set({ status: "blocked", claimedAt: null, lastError: error, attempts: sql`${outbox.attempts} + 1` })
      .where(eq(outbox.id, row.id))
      .run();
    await db.update(chatAccounts)
      .set({ blockedAt: now })
      .where(and(eq(chatAccounts.channel, row.channel), eq(chatAccounts.accountId, row.accountId), eq(chatAccounts.chatId, row.chatId), isNull(chatAccounts.blockedAt)))
      .run();
  });
}

/** Claimed rows this dispatcher will not send after all (it is stopping): due again at once, no attempt spent. */
export async function releaseOutbox(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db.update(outbox)
    .set({ status: "pending", claimedAt: null })
    .where(and(inArray(outbox.id, ids), eq(outbox.status, "sending")))
    .run();
}

export async function findOutboxMessage(db: Db, id: number): Promise<Pick<OutboxRow, "id" | "status" | "externalMessageId"> | undefined> {
  return await db.select({ id: outbox.id, status: outbox.status, externalMessageId: outbox.externalMessageId }).from(outbox).where(eq(outbox.id, id)).get();
}

/**
 * Whether a later row (by id) of the same chat edits the same message: then this edit is stale
 * (progress "1.000/5.000" after "1.200/5.000" was queued) and need not be sent.
 */
export async function hasLaterEdit(db: Db, row: Pick<OutboxRow, "id" | "channel" | "accountId" | "chatId">, target: { messageOfOutboxId?: number; messageId?: string }): Promise<boolean> {
  // The payload is JSON text on both engines (PostgreSQL casts it to look inside); ->> answers text, so the id is compared as text (numbers print alike in both).
  const postgres = db.$executor.engine === "postgres";
  const sameTarget =
    target.messageOfOutboxId !== undefined
      ? postgres
        ? sql`cast(${outbox.payload} as jsonb)->'edit'->>'messageOfOutboxId' = ${String(target.messageOfOutboxId)}`
        : sql`json_extract(${outbox.payload}, '$.edit.messageOfOutboxId') = ${target.messageOfOutboxId}`
      : postgres
        ? sql`cast(${outbox.payload} as jsonb)->'edit'->>'messageId' = ${target.messageId ?? ""}`
        : sql`json_extract(${outbox.payload}, '$.edit.messageId') = ${target.messageId ?? ""}`;
  const later = await db
    .select({ id: outbox.id })
    .from(outbox)
    .where(and(gt(outbox.id, row.id), eq(outbox.channel, row.channel), eq(outbox.accountId, row.accountId), eq(outbox.chatId, row.chatId), notInArray(outbox.status, ["failed", "blocked"]), sameTarget))
    .limit(1)
    .get();
  return later !== undefined;
}

/**
 * A channel's sends since `since`, as a dispatcher starting up needs them to respect the window
 * its predecessor was in: when sent rows were recorded, and how many rows were claimed since then
 * and not recorded (a dead dispatcher's sends in flight, which may have arrived).
 */
export async function recentSends(db: Db, channel: string, since: Date): Promise<{ sentAt: Date[]; unrecorded: number }> {
  const sentAt = (await db
    .select({ at: outbox.sentAt })
    .from(outbox)
    .where(and(eq(outbox.channel, channel), eq(outbox.status, "sent"), gt(outbox.sentAt, since)))
    .all())
    .flatMap((r) => (r.at ? [r.at] : []));
  const unrecorded =
    (await db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.channel, channel), eq(outbox.status, "sending"), gt(outbox.claimedAt, since)))
      .get())?.n ?? 0;
  return { sentAt, unrecorded };
}

/**
 * When the next row of the channel falls due: a pending row's time (of a row first in its chat: the
 * rows behind it wait for it, whatever their own time), or a stale claim's lease end. Null when nothing is left.
 */
export async function nextOutboxDueAt(db: Db, channel: string, leaseMs: number): Promise<Date | null> {
  const pending = (await db
    .select({ at: min(outbox.nextAttemptAt) })
    .from(outbox)
    .where(and(eq(outbox.status, "pending"), eq(outbox.channel, channel), firstOfItsChat))
    .get())?.at;
  const claimed = (await db
    .select({ at: min(outbox.claimedAt) })
    .from(outbox)
    .where(and(eq(outbox.status, "sending"), eq(outbox.channel, channel)))
    .get())?.at;
  const times = [pending?.getTime(), claimed ? claimed.getTime() + leaseMs : undefined].filter((t): t is number => t !== undefined);
  return times.length ? new Date(Math.min(...times)) : null;
}

/** How many rows of the channel are not final yet (pending or being sent). */
export async function unfinishedOutboxCount(db: Db, channel: string): Promise<number> {
  return (
    (await db
      .select({ n: count() })
      .from(outbox)
      .where(and(eq(outbox.channel, channel), inArray(outbox.status, ["pending", "sending"])))
      .get())?.n ?? 0
  );
}

/** Rows by status, for a broadcast or everything. */
export async function outboxStatusCounts(db: Db, broadcastId?: number): Promise<Record<OutboxStatus, number>> {
  const rows = await db
    .select({ status: outbox.status, n: count() })
    .from(outbox)
    .where(broadcastId === undefined ? undefined : eq(outbox.broadcastId, broadcastId))
    .groupBy(outbox.status)
    .all();
  const out: Record<OutboxStatus, number> = { pending: 0, sending: 0, sent: 0, failed: 0, blocked: 0 };
  for (const r of rows) out[r.status] = r.n;
  return out;
}

/** What was delivered to one chat of a channel, oldest first, after a row id (the dev chat's inbox). */
export async function sentOutboxMessages(db: Db, channel: string, chatId: string, afterId: number, limit: number): Promise<OutboxRow[]> {
  return await db
    .select()
    .from(outbox)
    .where(and(eq(outbox.channel, channel), eq(outbox.chatId, chatId), eq(outbox.status, "sent"), gt(outbox.id, afterId)))
    .orderBy(asc(outbox.id))
    .limit(limit)
    .all();
}

export async function findOutboxByDedupKey(db: Db, dedupKey: string): Promise<OutboxRow | undefined> {
  return await db.select().from(outbox).where(eq(outbox.dedupKey, dedupKey)).get();
}
