import { and, count, eq, sql } from "drizzle-orm";
import type { Db } from "../client.ts";
import { broadcasts, outbox } from "../schema.ts";

export type BroadcastRow = typeof broadcasts.$inferSelect;

export function insertBroadcast(db: Db, values: Omit<typeof broadcasts.$inferInsert, "id">): BroadcastRow {
  return db.insert(broadcasts).values(values).returning().get();
}

export function findBroadcast(db: Db, id: number): BroadcastRow | undefined {
  return db.select().from(broadcasts).where(eq(broadcasts.id, id)).get();
}

export function runningBroadcasts(db: Db): BroadcastRow[] {
  return db.select().from(broadcasts).where(eq(broadcasts.status, "sending")).all();
}

export function markBroadcastDone(db: Db, id: number, now: Date): void {
  db.update(broadcasts).set({ status: "done", finishedAt: now }).where(eq(broadcasts.id, id)).run();
}

/** A broadcast's messages (not its progress or summary) by outbox status. */
export function broadcastMessageCounts(db: Db, id: number): Partial<Record<string, number>> {
  return Object.fromEntries(
    db
      .select({ status: outbox.status, n: count() })
      .from(outbox)
      .where(and(eq(outbox.broadcastId, id), eq(outbox.kind, "broadcast")))
      .groupBy(outbox.status)
      .all()
      .map((c) => [c.status, c.n]),
  );
}

/** When the broadcast's first message still waiting falls due; null when none waits. */
export function broadcastNextSendAt(db: Db, id: number): Date | null {
  const at = db
    .select({ at: sql<number | null>`min(${outbox.nextAttemptAt})` })
    .from(outbox)
    .where(and(eq(outbox.broadcastId, id), eq(outbox.kind, "broadcast"), eq(outbox.status, "pending")))
    .get()?.at;
  return at == null ? null : new Date(at);
}
