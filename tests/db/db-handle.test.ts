import { asc } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { inTransaction, postgresHandle, query, sqliteHandle, type DbHandle } from "../../db/db-handle.ts";
import { closePostgres, openPostgres, type PgDb } from "../../db/pg-client.ts";
import * as s from "../../db/schema.ts";
import * as p from "../../db/schema-pg.ts";
import { startPostgres, type PostgresServer } from "../support/postgres-server.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { tempDatabase } from "../support/temp-database.ts";

// Repository-style functions written once for both engines (the prototype's shape).
function addPlan(h: DbHandle, key: string): Promise<number> {
  return query(h, {
    sqlite: (db) => db.insert(s.plans).values({ key, number: key }).returning({ id: s.plans.id }).get().id,
    postgres: async (db) => (await db.insert(p.plans).values({ key, number: key }).returning({ id: p.plans.id }))[0]!.id,
  });
}

function planKeys(h: DbHandle): Promise<string[]> {
  return query(h, {
    sqlite: (db) => db.select({ key: s.plans.key }).from(s.plans).orderBy(asc(s.plans.key)).all().map((r) => r.key),
    postgres: async (db) => (await db.select({ key: p.plans.key }).from(p.plans).orderBy(asc(p.plans.key))).map((r) => r.key),
  });
}

/** Lets every promise that can settle now settle (no wall-clock time involved). */
const settle = () => new Promise<void>((resolve) => setImmediate(resolve));

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

function handleContract(engine: "sqlite" | "postgres", open: () => Promise<{ handle: DbHandle; close: () => Promise<void> }>) {
  let handle: DbHandle;
  let close: () => Promise<void>;
  beforeAll(async () => {
    ({ handle, close } = await open());
  }, 120_000);
  afterAll(async () => close?.());

  it("runs a repository query outside any transaction, committed at once", async () => {
    await addPlan(handle, "outside");
    expect(await planKeys(handle)).toEqual(["outside"]);
  });

  it("gives repositories the transaction's handle inside it; a query outside never sees its uncommitted rows", async () => {
    const inserted = deferred();
    const gate = deferred();
    const transaction = inTransaction(handle, async () => {
      await addPlan(handle, "inside");
      expect(await planKeys(handle)).toEqual(["inside", "outside"]);
      inserted.resolve();
      await gate.promise;
    });
    await inserted.promise;
    let seenOutside: string[] | undefined;
    const outside = planKeys(handle).then((keys) => (seenOutside = keys));
    await settle();
    if (engine === "postgres") {
      // Another pooled connection: it answers at once, without the uncommitted row.
      await outside;
      expect(seenOutside).toEqual(["outside"]);
    } else {
      // One connection: the outside query waits for the transaction to end rather than join it.
      expect(seenOutside).toBeUndefined();
    }
    gate.resolve();
    await transaction;
    await outside;
    if (engine === "sqlite") expect(seenOutside).toEqual(["inside", "outside"]);
    expect(await planKeys(handle)).toEqual(["inside", "outside"]);
  });

  it("rolls back everything, nested transactions included, when the work throws; the handle stays usable", async () => {
    await expect(
      inTransaction(handle, async () => {
        await addPlan(handle, "rolled-back-1");
        await inTransaction(handle, async () => addPlan(handle, "rolled-back-2"));
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await planKeys(handle)).toEqual(["inside", "outside"]);
    await addPlan(handle, "after");
    expect(await planKeys(handle)).toEqual(["after", "inside", "outside"]);
  });
}

describe("db handle prototype on SQLite", () => {
  handleContract("sqlite", async () => {
    const temp = tempDatabase();
    return { handle: sqliteHandle(temp.db), close: async () => temp.remove() };
  });
});

describe.skipIf(skipPostgres)("db handle prototype on PostgreSQL", { timeout: 120_000 }, () => {
  let server: PostgresServer;
  let db: PgDb;
  handleContract("postgres", async () => {
    server = await startPostgres();
    db = await openPostgres(await server.createDatabase("handle_test"));
    return {
      handle: postgresHandle(db),
      close: async () => {
        await closePostgres(db);
        await server.stop();
      },
    };
  });
});
