import { describe, expect, it } from "vitest";
import { inTransaction } from "../../db/app-db.ts";
import { PostgresExecutor } from "../../db/postgres-executor.ts";
import { catalogueVersion } from "../../db/repositories/catalogue-version.ts";
import * as s from "../../db/schema.ts";
import { postgresDatabases } from "../support/engines.ts";
import { skipPostgres } from "../support/postgres-tests.ts";

/**
 * PostgresExecutor.memoUntilWrite: a turn reads the catalogue stamp once, not once per cache it
 * asks; never a stamp older than the turn's own writes, and nothing remembered outside a transaction.
 */
describe.skipIf(skipPostgres)("a value remembered in a PostgreSQL transaction until it writes", { timeout: 60_000 }, () => {
  const postgres = postgresDatabases();

  it("computes once per transaction while it only reads, again after a write, and every time outside one", async () => {
    const db = await postgres.open();
    const executor = db.$executor as PostgresExecutor;
    let computed = 0;
    const memo = () => executor.memoUntilWrite("k", async () => ++computed);
    await inTransaction(db, async () => {
      expect([await memo(), await memo()]).toEqual([1, 1]);
      await db.select().from(s.units).all();
      expect(await memo()).toBe(1);
      await db.insert(s.units).values({ name: "Sở A", key: "so-a", kind: "department" }).run();
      expect([await memo(), await memo()]).toEqual([2, 2]);
    });
    expect([await memo(), await memo()]).toEqual([3, 4]);
  });

  it("a savepoint rolled back forgets what was remembered after it began", async () => {
    const db = await postgres.open();
    const executor = db.$executor as PostgresExecutor;
    let computed = 0;
    const memo = () => executor.memoUntilWrite("k", async () => ++computed);
    await inTransaction(db, async () => {
      expect(await memo()).toBe(1);
      await inTransaction(db, async () => {
        expect(await memo()).toBe(1);
        throw new Error("rolled back");
      }).catch(() => undefined);
      expect(await memo()).toBe(2);
    });
  });

  it("the catalogue stamp: one read per turn, a new one after the turn writes the catalogue, the committed one outside", async () => {
    const db = await postgres.open();
    const before = await catalogueVersion(db);
    const inside = await inTransaction(db, async () => {
      const first = await catalogueVersion(db);
      expect(await catalogueVersion(db)).toBe(first);
      await db.insert(s.units).values({ name: "Sở B", key: "so-b", kind: "department" }).run();
      const afterWrite = await catalogueVersion(db);
      expect(afterWrite).not.toBe(first);
      return { first, afterWrite };
    });
    expect(inside.first).toBe(before);
    expect(await catalogueVersion(db)).toBe(inside.afterWrite);
  });
});
