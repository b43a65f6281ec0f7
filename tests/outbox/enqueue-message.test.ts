import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { inTransaction } from "../../db/client.ts";
import { outbox } from "../../db/schema.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import { tempDatabase } from "../support/temp-database.ts";

describe("enqueueMessage", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());
  const now = new Date("2026-11-20T01:00:00Z");
  const reminder = { channel: "telegram", chatId: "501", personId: null, kind: "reminder" as const, dedupKey: "reminder:1:i:3:2026-11-20", payload: { text: "Nhắc: chỉ tiêu 5G hạn 16:00 25/11" } };

  it("stores one row when the same dedup key is enqueued twice, and answers the same id", async () => {
    const t = tempDatabase();
    remove = t.remove;
    const first = await enqueueMessage(t.db, reminder, now);
    const second = await enqueueMessage(t.db, { ...reminder, payload: { text: "another text" } }, now);
    expect(first.created).toBe(true);
    expect(second).toEqual({ id: first.id, created: false });
    const rows = await t.db.select().from(outbox).all();
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ status: "pending", attempts: 0, accountId: "", kind: "reminder", payload: { text: "Nhắc: chỉ tiêu 5G hạn 16:00 25/11" }, nextAttemptAt: now });
  });

  it("waits until notBefore (quiet hours are the caller's decision)", async () => {
    const t = tempDatabase();
    remove = t.remove;
    const morning = new Date("2026-11-21T00:00:00Z");
    const { id } = await enqueueMessage(t.db, { ...reminder, notBefore: morning }, now);
    expect((await t.db.select().from(outbox).where(eq(outbox.id, id)).get())?.nextAttemptAt).toEqual(morning);
  });

  it("takes part in the caller's transaction: a rollback leaves no message", async () => {
    const t = tempDatabase();
    remove = t.remove;
    await expect(
      inTransaction(t.db, async () => {
        await enqueueMessage(t.db, reminder, now);
        throw new Error("the change that produced the reminder failed");
      }),
    ).rejects.toThrow(/failed/);
    expect((await t.db.select({ n: count() }).from(outbox).get())?.n).toBe(0);
  });

  it("refuses an empty text and an edit that names no message", async () => {
    const t = tempDatabase();
    remove = t.remove;
    await expect(enqueueMessage(t.db, { ...reminder, payload: { text: "" } }, now)).rejects.toThrow(/text/);
    await expect(enqueueMessage(t.db, { ...reminder, dedupKey: "x", payload: { text: "Đã gửi 1/2", edit: {} } }, now)).rejects.toThrow(/messageOfOutboxId or messageId/);
  });
});
