import { asc } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createAppDb, type AppDb, type SqlExecutor } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { runExclusively, runWhenFree } from "../../db/repositories/instance-lock-repository.ts";
import * as s from "../../db/schema.ts";
import { postgresDatabases } from "../support/engines.ts";
import { skipPostgres } from "../support/postgres-tests.ts";

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe.skipIf(skipPostgres)("runExclusively on PostgreSQL: two instances (two pools) on one database", { timeout: 60_000 }, () => {
  const postgres = postgresDatabases();

  async function twoInstances(): Promise<[AppDb, AppDb, () => Promise<void>]> {
    const url = await postgres.freshUrl();
    const a = await openPostgresAppDb(url, { max: 2 });
    const b = await openPostgresAppDb(url, { max: 2 });
    return [a, b, async () => void (await Promise.all([a.$executor.close(), b.$executor.close()]))];
  }
  const keys = async (db: AppDb) => (await db.select({ key: s.plans.key }).from(s.plans).orderBy(asc(s.plans.key))).map((r) => r.key);

  it("runs the tick in one instance; the other skips it while it runs, and runs it once it is over", async () => {
    const [a, b, close] = await twoInstances();
    try {
      const holding = deferred();
      const finish = deferred();
      const first = runExclusively(a, "reminder-tick", async () => {
        await a.insert(s.plans).values({ key: "tick-a", number: "a" });
        holding.resolve();
        await finish.promise;
        return "a";
      });
      await holding.promise;
      let ranInB = false;
      expect(await runExclusively(b, "reminder-tick", async () => void (ranInB = true))).toEqual({ status: "skipped" });
      expect(ranInB).toBe(false);
      // Another name is another lock; and what the holder wrote is not visible before it commits.
      expect(await runExclusively(b, "housekeeping", async () => keys(b))).toEqual({ status: "ran", value: [] });
      finish.resolve();
      expect(await first).toEqual({ status: "ran", value: "a" });
      expect(await runExclusively(b, "reminder-tick", async () => keys(b))).toEqual({ status: "ran", value: ["tick-a"] });
    } finally {
      await close();
    }
  });

  it("a one-off run of the job (runWhenFree) waits for the running tick, then runs after its commit and sees it", async () => {
    const [a, b, close] = await twoInstances();
    try {
      const holding = deferred();
      const finish = deferred();
      const tick = runExclusively(a, "job:reminders", async () => {
        await a.insert(s.plans).values({ key: "tick-a", number: "a" });
        holding.resolve();
        await finish.promise;
        return "a";
      });
      await holding.promise;
      let seen: string[] | undefined;
      const oneOff = runWhenFree(b, "job:reminders", async () => {
        seen = await keys(b);
        await b.insert(s.plans).values({ key: "one-off-b", number: "b" });
        return "b";
      });
      // Still waiting while the tick holds the lock.
      await a.select({ key: s.plans.key }).from(s.plans);
      expect(seen).toBeUndefined();
      finish.resolve();
      expect(await tick).toEqual({ status: "ran", value: "a" });
      expect(await oneOff).toBe("b");
      expect(seen).toEqual(["tick-a"]);
      expect(await keys(a)).toEqual(["one-off-b", "tick-a"]);
    } finally {
      await close();
    }
  });

  it("a tick that throws writes nothing and frees the lock", async () => {
    const [a, b, close] = await twoInstances();
    try {
      await expect(
        runExclusively(a, "reminder-tick", async () => {
          await a.insert(s.plans).values({ key: "half-done", number: "x" });
          throw new Error("tick failed");
        }),
      ).rejects.toThrow("tick failed");
      expect(await runExclusively(b, "reminder-tick", async () => keys(b))).toEqual({ status: "ran", value: [] });
    } finally {
      await close();
    }
  });

  it("of many instances trying at once, exactly one runs", async () => {
    const url = await postgres.freshUrl();
    const instances = await Promise.all([1, 2, 3, 4].map(() => openPostgresAppDb(url, { max: 1 })));
    try {
      const release = deferred();
      let holder!: (i: number) => void;
      const entered = new Promise<number>((r) => (holder = r));
      const results = instances.map((db, i) =>
        runExclusively(db, "digest", async () => {
          holder(i);
          await release.promise;
          return i;
        }),
      );
      const winner = await entered;
      // Every other instance answers while the winner still holds the lock.
      const others = await Promise.all(results.filter((_, i) => i !== winner));
      expect(others).toEqual([{ status: "skipped" }, { status: "skipped" }, { status: "skipped" }]);
      release.resolve();
      expect(await results[winner]).toEqual({ status: "ran", value: winner });
    } finally {
      await Promise.all(instances.map((db) => db.$executor.close()));
    }
  });
});

describe("runExclusively on SQLite", () => {
  it("just runs fn (one process owns the file)", async () => {
    const executor: SqlExecutor = {
      engine: "sqlite",
      execute: () => Promise.reject(new Error("no query expected")),
      transaction: (fn) => fn(),
      close: async () => {},
    };
    expect(await runExclusively(createAppDb(executor), "reminder-tick", async () => 42)).toEqual({ status: "ran", value: 42 });
  });
});
