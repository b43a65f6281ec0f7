import { count, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { inTransaction } from "../../db/client.ts";
import { outbox } from "../../db/schema.ts";
import { enqueueMessage, enqueueMessages } from "../../src/outbox/enqueue-message.ts";
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

  it("stores a batch larger than a statement carries (db/repositories/multi-row-insert.ts) in its order, each dedup key once, wherever its repeat falls", async () => {
    const t = tempDatabase();
    remove = t.remove;
    const before = await enqueueMessage(t.db, { ...reminder, dedupKey: "k:700" }, now);
    // 1,201 messages: several statements on either engine (500 rows a statement on SQLite, 50 on PostgreSQL);
    // "k:700" was stored before, and the last message repeats the fourth's key, many statements later.
    const batch = Array.from({ length: 1201 }, (_, i) => ({ ...reminder, dedupKey: i === 1200 ? "k:3" : `k:${i}`, payload: { text: `tin ${i}` } }));
    const answers = await enqueueMessages(t.db, batch, now);
    expect(answers).toHaveLength(1201);
    expect(answers[700]).toEqual({ id: before.id, created: false });
    expect(answers[1200]).toEqual({ id: answers[3]!.id, created: false });
    const created = answers.filter((a) => a.created);
    expect(created).toHaveLength(1199);
    // Ids grow in the batch's order (the dispatcher sends by id).
    expect(created.map((a) => a.id)).toEqual([...created.map((a) => a.id)].sort((a, b) => a - b));
    const rows = await t.db.select({ id: outbox.id, dedupKey: outbox.dedupKey, payload: outbox.payload }).from(outbox).all();
    expect(rows).toHaveLength(1200);
    const byKey = new Map(rows.map((r) => [r.dedupKey, r]));
    expect(byKey.get("k:3")!.payload).toEqual({ text: "tin 3" });
    expect(byKey.get("k:1199")).toEqual({ id: answers[1199]!.id, dedupKey: "k:1199", payload: { text: "tin 1199" } });
    expect(byKey.get("k:700")!.payload).toEqual(reminder.payload);
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
