import { afterEach, describe, expect, it } from "vitest";
import { loadConversations, saveConversations, addressKey } from "../../db/repositories/chat-repository.ts";
import { rowsPerInsert } from "../../db/repositories/multi-row-insert.ts";
import { people, units } from "../../db/schema.ts";
import { tempDatabase } from "../support/temp-database.ts";

/**
 * The hand-written multi-row writes of a reminder tick (db/repositories/multi-row-insert.ts): split into
 * statements of rowsPerInsert rows — short on PostgreSQL, whose planning of a long VALUES list grows
 * faster than its rows — and the same rows stored whatever the split.
 */
describe("multi-row inserts", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());
  const now = new Date("2026-11-23T01:00:00Z");

  it("carries 50 rows a statement on PostgreSQL and 500 on SQLite", () => {
    const t = tempDatabase();
    remove = t.remove;
    expect(rowsPerInsert(t.db)).toBe(t.db.$executor.engine === "postgres" ? 50 : 500);
  });

  it("writes the sessions of more chats than a statement carries, and a second write replaces them (the upsert of saveConversations)", async () => {
    const t = tempDatabase();
    remove = t.remove;
    const unit = await t.db.insert(units).values({ name: "Sở Tài chính", key: "so tai chinh", kind: "department" }).returning().get();
    const person = await t.db.insert(people).values({ name: "Lan", unitId: unit.id }).returning().get();
    const n = rowsPerInsert(t.db) * 2 + 7;
    const chats = Array.from({ length: n }, (_, i) => ({ channel: "telegram", accountId: "", chatId: String(1000 + i) }));
    const sessionOf = (i: number, round: number) => ({ flow: null, offered: [{ id: `c${round}.${i}`, label: "reminder.button" }], linkFailures: null });
    await saveConversations(t.db, chats.map((at, i) => ({ at, personId: i === 0 ? person.id : null, session: sessionOf(i, 1), now, ttlMs: 60_000 })));
    // The second round rewrites every other chat, spread over every statement.
    const later = new Date(now.getTime() + 1000);
    await saveConversations(t.db, chats.filter((_, i) => i % 2 === 1).map((at) => ({ at, personId: null, session: sessionOf(Number(at.chatId) - 1000, 2), now: later, ttlMs: 60_000 })));
    const stored = await loadConversations(t.db, chats, later);
    expect(stored.size).toBe(n);
    for (const [i, at] of chats.entries()) expect(stored.get(addressKey(at)), `chat ${at.chatId}`).toEqual(sessionOf(i, i % 2 === 1 ? 2 : 1));
  });
});
