import { and, eq, gt, inArray, isNull, lt, or, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { sendSlots } from "../schema.ts";

/** First key of the send slots' two-key advisory locks (apart from the jobs' 1_932_105_011 and the chats' 1_932_105_012). */
const sendSlotsLockNamespace = 1_932_105_013;

/**
 * Holds a channel's send slots for the rest of the transaction: on PostgreSQL the channel's advisory
 * lock (waited for), so instances reserve slots of one channel one after another, each reading what
 * the previous one reserved. On SQLite the IMMEDIATE transaction holds the one write lock already.
 */
export async function lockSendSlots(db: Db, channel: string): Promise<void> {
  if (db.$executor.engine === "postgres") {
    await db.run(sql`select pg_advisory_xact_lock(${sendSlotsLockNamespace}::int4, hashtext(${`send:${channel}`}::text))`);
  }
}

export interface SendSlotRow {
  id: number;
  scope: string;
  grantedAt: Date;
  answeredAt: Date | null;
}

/**
 * The slots of these scopes a window can still see: answered after `answeredSince`, or not answered
 * and granted after `inFlightSince` (older unanswered ones belong to an instance that died mid-send).
 */
export async function liveSendSlots(db: Db, channel: string, scopes: string[], o: { answeredSince: Date; inFlightSince: Date }): Promise<SendSlotRow[]> {
  return await db
    .select({ id: sendSlots.id, scope: sendSlots.scope, grantedAt: sendSlots.grantedAt, answeredAt: sendSlots.answeredAt })
    .from(sendSlots)
    .where(
      and(
        eq(sendSlots.channel, channel),
        inArray(sendSlots.scope, scopes),
        or(gt(sendSlots.answeredAt, o.answeredSince), and(isNull(sendSlots.answeredAt), gt(sendSlots.grantedAt, o.inFlightSince))),
      ),
    )
    .all();
}

export async function insertSendSlots(db: Db, rows: { channel: string; scope: string; grantedAt: Date; answeredAt?: Date | null }[]): Promise<number[]> {
  return (await db.insert(sendSlots).values(rows).returning({ id: sendSlots.id }).all()).map((r) => r.id);
}

export async function answerSendSlots(db: Db, ids: number[], at: Date): Promise<void> {
  if (ids.length === 0) return;
  await db.update(sendSlots).set({ answeredAt: at }).where(inArray(sendSlots.id, ids)).run();
}

/** Forgets a channel's slots no window can see any more: answered before `answeredBefore`, or never answered and granted before `grantedBefore`. */
export async function pruneSendSlots(db: Db, channel: string, o: { answeredBefore: Date; grantedBefore: Date }): Promise<void> {
  await db
    .delete(sendSlots)
    .where(and(eq(sendSlots.channel, channel), or(lt(sendSlots.answeredAt, o.answeredBefore), and(isNull(sendSlots.answeredAt), lt(sendSlots.grantedAt, o.grantedBefore)))))
    .run();
}
