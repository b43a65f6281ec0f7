import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { broadcasts, outbox } from "../schema.ts";

export type BroadcastRow = typeof broadcasts.$inferSelect;

export async function insertBroadcast(db: Db, values: Omit<typeof broadcasts.$inferInsert, "id">): Promise<BroadcastRow> {
  return await db.insert(broadcasts).values(values).returning().get();
}

export async function findBroadcast(db: Db, id: number): Promise<BroadcastRow | undefined> {
  return await db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

export async function runningBroadcasts(db: Db): Promise<BroadcastRow[]> {
  return await db.select().from(broadcasts).where(eq(broadcasts.status, "sending")).all();
}

export async function markBroadcastDone(db: Db, id: number, now: Date): Promise<void> {
  await db.update(broadcasts).set({ status: "done", finishedAt: now }).where(eq(broadcasts.id, id)).run();
}

/** A broadcast's messages (not its progress or summary) by outbox status. */
export async function broadcastMessageCounts(db: Db, id: number): Promise<Partial<Record<string, number>>> {
  return Object.fromEntries(
    (await db
      .select({ status: outbox.status, n: count() })
      .from(outbox)
      .where(and(eq(outbox.broadcastId, id), eq(outbox.kind, "broadcast")))
      .groupBy(outbox.status)
      .all())
      .map((c) => [c.status, c.n]),
  );
}

/** When the broadcast's first message still waiting falls due; null when none waits. */
export async function broadcastNextSendAt(db: Db, id: number): Promise<Date | null> {
  const at = (await db
    .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})` })
    .from(outbox)
    .where(and(eq(outbox.broadcastId, id), eq(outbox.kind, "broadcast"), eq(outbox.status, "pending")))
    .get())?.at;
  return at == null ? null : new Date(at);
}
