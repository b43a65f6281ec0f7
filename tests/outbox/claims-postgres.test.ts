import { describe, expect, it } from "vitest";
import type { AppDb } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { claimDueOutbox, hasLaterEdit, markOutboxSent } from "../../db/repositories/outbox-repository.ts";
import { chatAccounts } from "../../db/schema.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import { postgresDatabases } from "../support/engines.ts";
import { skipPostgres } from "../support/postgres-tests.ts";

/**
 * Outbox claims on a real PostgreSQL server, as two instances make them: two pools on one database
 * (issue 11: FOR UPDATE SKIP LOCKED). The clock is a fixed date passed in; nothing waits on time.
 */
describe.skipIf(skipPostgres)("outbox claims on PostgreSQL, two dispatchers", { timeout: 120_000 }, () => {
  const postgres = postgresDatabases();
  const now = new Date("2026-11-20T02:00:00Z");

  async function twoInstances(): Promise<[AppDb, AppDb]> {
    const url = await postgres.freshUrl();
    const a = await openPostgresAppDb(url, { max: 4 });
    const b = await openPostgresAppDb(url, { max: 4 });
    return [a, b];
  }

  it("never gives one row to both: 400 rows claimed 7 at a time by two pools at once, each row once", async () => {
    const [a, b] = await twoInstances();
    try {
      for (let i = 0; i < 400; i++) {
        await enqueueMessage(a, { channel: "test", chatId: String(1000 + (i % 50)), kind: i % 3 === 0 ? "broadcast" : "reminder", dedupKey: `k${i}`, payload: { text: `tin ${i}` } }, now);
      }
      const takenBy = new Map<number, string>();
      const twice: number[] = [];
      const dispatcher = async (db: AppDb, name: string) => {
        for (;;) {
          const { claimed } = await claimDueOutbox(db, { channel: "test", now, leaseMs: 60_000, limit: 7 });
          if (claimed.length === 0) return;
          for (const row of claimed) {
            if (takenBy.has(row.id)) twice.push(row.id);
            takenBy.set(row.id, name);
            await markOutboxSent(db, row.id, now, `m${row.id}`);
          }
        }
      };
      await Promise.all([dispatcher(a, "a"), dispatcher(a, "a2"), dispatcher(b, "b"), dispatcher(b, "b2")]);
      expect(twice).toEqual([]);
      expect(takenBy.size).toBe(400);
      const byWhom = new Set(takenBy.values());
      expect(byWhom.size, "both instances claimed rows").toBeGreaterThan(1);
    } finally {
      await a.$executor.close();
      await b.$executor.close();
    }
  });

  it("answers rows in the claim's order (broadcasts last), a chat's rows one at a time in id order, ends rows of blocked chats 'blocked' in the same claim, and finds a later edit by its JSON path", async () => {
    const [a, b] = await twoInstances();
    try {
      await a.insert(chatAccounts).values({ channel: "test", accountId: "", externalUserId: "999", chatId: "999", blockedAt: now }).run();
      const ids: number[] = [];
      ids.push((await enqueueMessage(a, { channel: "test", chatId: "1", kind: "broadcast", dedupKey: "b1", payload: { text: "b" } }, now)).id);
      ids.push((await enqueueMessage(a, { channel: "test", chatId: "2", kind: "reminder", dedupKey: "r1", payload: { text: "r" } }, now)).id);
      ids.push((await enqueueMessage(a, { channel: "test", chatId: "999", kind: "reminder", dedupKey: "r2", payload: { text: "x" } }, now)).id);
      ids.push((await enqueueMessage(a, { channel: "test", chatId: "3", kind: "notice", dedupKey: "e1", payload: { text: "1.000/5.000", edit: { messageOfOutboxId: 7 } } }, now)).id);
      ids.push((await enqueueMessage(a, { channel: "test", chatId: "3", kind: "notice", dedupKey: "e2", payload: { text: "1.200/5.000", edit: { messageOfOutboxId: 7 } } }, now)).id);
      ids.push((await enqueueMessage(a, { channel: "test", chatId: "1", kind: "reminder", dedupKey: "r3", payload: { text: "after the broadcast" } }, now)).id);
      const { claimed, blocked } = await claimDueOutbox(b, { channel: "test", now, leaseMs: 60_000, limit: 10 });
      expect(blocked.map((r) => r.id)).toEqual([ids[2]]);
      // e2 waits for e1 and r3 for b1, each queued earlier in its chat; across chats, the broadcast last.
      expect(claimed.map((r) => r.id)).toEqual([ids[1], ids[3], ids[0]]);
      const first = claimed.find((r) => r.id === ids[3])!;
      expect(await hasLaterEdit(a, first, { messageOfOutboxId: 7 })).toBe(true);
      expect(await hasLaterEdit(a, { id: ids[4]!, channel: "test", accountId: "", chatId: "3" }, { messageOfOutboxId: 7 })).toBe(false);
      expect(await hasLaterEdit(a, first, { messageId: "42" })).toBe(false);
      // Once a chat's row is done, the next claim takes the row behind it.
      for (const r of claimed) await markOutboxSent(a, r.id, now, null);
      expect((await claimDueOutbox(a, { channel: "test", now, leaseMs: 60_000, limit: 10 })).claimed.map((r) => r.id).sort((x, y) => x - y)).toEqual([ids[4], ids[5]]);
    } finally {
      await a.$executor.close();
      await b.$executor.close();
    }
  });
});
