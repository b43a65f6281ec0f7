import { asc, gt, max } from "drizzle-orm";
import type { Db } from "../client.ts";
import { outbox } from "../schema.ts";

export type OutboxPreviewRow = Pick<typeof outbox.$inferSelect, "id" | "channel" | "chatId" | "personId" | "kind" | "payload">;

/** The newest outbox id (0 when empty): what a tick adds comes after it. */
export async function lastOutboxId(db: Db): Promise<number> {
  return (await db.select({ id: max(outbox.id) }).from(outbox).get())?.id ?? 0;
}

export async function outboxMessagesAfter(db: Db, afterId: number): Promise<OutboxPreviewRow[]> {
  return await db
    .select({ id: outbox.id, channel: outbox.channel, chatId: outbox.chatId, personId: outbox.personId, kind: outbox.kind, payload: outbox.payload })
    .from(outbox)
    .where(gt(outbox.id, afterId))
    .orderBy(asc(outbox.id))
    .all();
}
