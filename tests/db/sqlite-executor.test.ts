import { afterEach, describe, expect, it } from "vitest";
import { sql } from "drizzle-orm";
import { changedRows, inTransaction, sqliteConnection, type Db } from "../../db/client.ts";
import type { SqliteExecutor } from "../../db/sqlite-executor.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { describeSqliteOnly } from "../support/test-engine.ts";

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

function setUp(): Db {
  const t = tempDatabase();
  cleanup.push(t.remove);
  sqliteConnection(t.db)!.exec("create table tx_rows (v text)");
  return t.db;
}

const insert = (db: Db, v: string) => db.run(sql`insert into tx_rows (v) values (${v})`);
const rows = async (db: Db) => (await db.all<[string]>(sql`select v from tx_rows order by rowid`)).map((r) => r[0]);

/** A promise that the test settles by hand: work that is "in flight" for as long as the test wants. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open!: () => void;
  const wait = new Promise<void>((resolve) => (open = resolve));
  return { wait, open };
}

describeSqliteOnly("the SQLite executor and its mutex")("the SQLite executor", () => {
  it("commits, rolls back on a throw, and nests as a savepoint", async () => {
    const db = setUp();
    expect(await inTransaction(db, async () => (await insert(db, "a"), 1), "immediate")).toBe(1);
    await expect(inTransaction(db, async () => { await insert(db, "lost"); throw new Error("no"); })).rejects.toThrow("no");
    await inTransaction(db, async () => {
      await insert(db, "outer");
      await expect(inTransaction(db, async () => { await insert(db, "inner lost"); throw new Error("inner"); }, "immediate")).rejects.toThrow("inner");
      await inTransaction(db, async () => insert(db, "inner kept"));
      expect(sqliteConnection(db)!.inTransaction).toBe(true);
    });
    expect(await rows(db)).toEqual(["a", "outer", "inner kept"]);
    expect(sqliteConnection(db)!.inTransaction).toBe(false);
  });

  it("makes a query from outside an open transaction wait for its end, instead of silently joining it", async () => {
    const db = setUp();
    const g = gate();
    const order: string[] = [];
    const tx = inTransaction(db, async () => {
      await insert(db, "in tx");
      await g.wait;
      order.push("tx ends");
      throw new Error("rolled back");
    });
    // Outside the transaction (not awaited inside it): must not see, nor join, its uncommitted row.
    const outside = rows(db).then((r) => (order.push("outside read"), r));
    const write = insert(db, "outside write").then(() => order.push("outside write"));
    await new Promise((resolve) => setImmediate(resolve));
    expect(order).toEqual([]);
    g.open();
    await expect(tx).rejects.toThrow("rolled back");
    const seen = await outside;
    await write;
    // Both ran after the transaction ended; the read saw none of its rows (it may see the outside write).
    expect(order[0]).toBe("tx ends");
    expect(order.slice(1).sort()).toEqual(["outside read", "outside write"]);
    expect(seen).not.toContain("in tx");
    expect(await rows(db)).toEqual(["outside write"]);
  });

  it("runs two transactions one after the other, first come first served", async () => {
    const db = setUp();
    const g = gate();
    const first = inTransaction(db, async () => {
      await insert(db, "first 1");
      await g.wait;
      await insert(db, "first 2");
    }, "immediate");
    const second = inTransaction(db, async () => {
      await insert(db, "second");
    }, "immediate");
    g.open();
    await Promise.all([first, second]);
    expect(await rows(db)).toEqual(["first 1", "first 2", "second"]);
  });

  it("answers arrays of values for reads and the changed-row count for writes; binds booleans and dates", async () => {
    const db = setUp();
    await insert(db, "x");
    await insert(db, "y");
    expect(changedRows(await db.run(sql`update tx_rows set v = v || '!'`))).toBe(2);
    expect(await db.get<[string]>(sql`select v from tx_rows where v = ${"nope"}`)).toBeUndefined();
    expect(await db.get<[number, number]>(sql`select ${true}, ${new Date(5)}`)).toEqual([1, 5]);
  });

  it("answers a query with no transaction open without waiting for the event loop (no timer, no I/O round)", async () => {
    const db = setUp();
    let done = false;
    let macrotask = false;
    setImmediate(() => (macrotask = true));
    void insert(db, "now").then(() => (done = true));
    // Microtasks only: the query is done before any macrotask (setImmediate) runs.
    for (let i = 0; i < 20 && !done; i++) await Promise.resolve();
    expect(done).toBe(true);
    expect(macrotask).toBe(false);
  });
  it("remembers a value in a transaction until it writes or a savepoint rolls back; outside one, never (the catalogue stamp's memo)", async () => {
    const db = setUp();
    const executor = db.$executor as SqliteExecutor;
    let computed = 0;
    const memo = () => executor.memoUntilWrite("k", async () => ++computed);
    await inTransaction(db, async () => {
      expect([await memo(), await memo()]).toEqual([1, 1]);
      await rows(db);
      expect(await memo()).toBe(1);
      await insert(db, "a");
      expect([await memo(), await memo()]).toEqual([2, 2]);
      await inTransaction(db, async () => {
        expect(await memo()).toBe(2);
        throw new Error("rolled back");
      }).catch(() => undefined);
      expect(await memo()).toBe(3);
    });
    expect([await memo(), await memo()]).toEqual([4, 5]);
  });
});
