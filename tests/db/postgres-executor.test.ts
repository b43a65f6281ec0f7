import { and, asc, count, eq, lt, sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { changedRows, inTransaction, type AppDb } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { PostgresExecutor, translateSqliteSql } from "../../db/postgres-executor.ts";
import * as s from "../../db/schema.ts";
import { describeEachEngine, postgresDatabases } from "../support/engines.ts";
import { skipPostgres } from "../support/postgres-tests.ts";

/**
 * db/postgres-executor.ts on a real PostgreSQL server: queries written once with Drizzle's SQLite
 * builder over db/schema.ts (as every repository is), run through createAppDb(PostgresExecutor).
 */

describe("SQLite builder SQL as PostgreSQL takes it (no server needed)", () => {
  it("numbers ? placeholders, but not inside strings, quoted identifiers, dollar bodies or comments", () => {
    expect(translateSqliteSql(`select "why?", 'a?''?' from t -- what?\nwhere a = ? /* ? */ and b = ? and c = $x$?$x$`)).toBe(
      `select "why?", 'a?''?' from t -- what?\nwhere a = $1 /* ? */ and b = $2 and c = $x$?$x$`,
    );
  });

  it("gives DEFAULT for the null elements of INSERT … VALUES, and bare column names to ON CONFLICT", () => {
    expect(translateSqliteSql(`insert into "plans" ("id", "key", "date") values (null, ?, null), (null, ?, coalesce(null, ?)) on conflict ("plans"."key") do update set "date" = null returning "id"`)).toBe(
      `insert into "plans" ("id", "key", "date") values (default, $1, default), (default, $2, coalesce(null, $3)) on conflict ("key") do update set "date" = null returning "id"`,
    );
    expect(translateSqliteSql(`update "plans" set "date" = null where "id" = ?`)).toBe(`update "plans" set "date" = null where "id" = $1`);
  });
});

describe.skipIf(skipPostgres)("PostgreSQL executor: the SQLite builder's queries on PostgreSQL", { timeout: 60_000 }, () => {
  const postgres = postgresDatabases();

  async function unit(db: AppDb, key: string) {
    const [row] = await db.insert(s.units).values({ name: key, key, kind: "department" }).returning();
    return row!;
  }

  async function plan(db: AppDb, key: string) {
    const [row] = await db.insert(s.plans).values({ key, number: key }).returning();
    return row!;
  }

  async function indicator(db: AppDb, planId: number, code: string, extra: Partial<typeof s.indicators.$inferInsert> = {}) {
    const [row] = await db
      .insert(s.indicators)
      .values({ planId, code, name: code, nameKey: code, valueKind: "count", direction: "higher", ...extra })
      .returning();
    return row!;
  }

  it("reads side by side inside a transaction run one after another on its connection: right answers, no pg deprecation warning", async () => {
    const db = await postgres.open();
    const warnings: string[] = [];
    const onWarning = (w: Error) => warnings.push(`${w.name}: ${w.message}`);
    process.on("warning", onWarning);
    try {
      const answers = await inTransaction(db, async () =>
        await Promise.all([
          db.all<{ n: number }>(sql`select pg_sleep(0.02), 1 as n`),
          db.all<{ n: number }>(sql`select 2 as n`),
          db.all<{ n: number }>(sql`select 3 as n`),
        ]),
      );
      expect(answers.map((rows) => rows.length)).toEqual([1, 1, 1]);
      expect(answers.map((rows) => Object.values(rows[0]!).at(-1))).toEqual([1, 2, 3]);
      await new Promise((done) => setImmediate(done)); // warnings are emitted on the next tick
      expect(warnings.filter((w) => w.includes("already executing"))).toEqual([]);
    } finally {
      process.off("warning", onWarning);
    }
  });

  it("a repeated statement is prepared once per connection, and still runs after a rollback and after a failed run", async () => {
    const db = await postgres.open();
    const executor = db.$executor as PostgresExecutor;
    const text = `insert into units (name, key, kind) values (?, ?, 'department') returning id`;
    // Read on the transaction's own connection (prepared statements belong to a session).
    const prepared = async () => ((await executor.execute("select count(*) from pg_prepared_statements", [], "get")).rows as [number])[0];
    // Rolled back: the rows go, the statement stays prepared on that connection (prepared statements are not transactional).
    const rollback = new Error("rollback");
    await inTransaction(db, async () => {
      await executor.execute(text, ["Sở A", "so a"], "all", { repeated: true });
      throw rollback;
    }).catch((err: unknown) => expect(err).toBe(rollback));
    const again = await inTransaction(db, async () => {
      const first = await executor.execute(text, ["Sở A", "so a"], "all", { repeated: true });
      // A run that fails (the key is unique) leaves the statement usable.
      await expect(inTransaction(db, () => executor.execute(text, ["Sở A", "so a"], "all", { repeated: true }))).rejects.toThrow();
      const second = await executor.execute(text, ["Sở B", "so b"], "all", { repeated: true });
      return [first.rows, second.rows, await prepared()] as const;
    });
    expect((again[0] as unknown[][]).length).toBe(1);
    expect((again[1] as unknown[][]).length).toBe(1);
    expect(Number(again[2])).toBe(1);
    expect((await db.select({ key: s.units.key }).from(s.units).all()).map((u) => u.key).sort()).toEqual(["so a", "so b"]);
  });

  it("insert … returning: ids numbered, SQLite's defaults (created_at in ms, '[]', false) as the SQLite schema reads them", async () => {
    const db = await postgres.open();
    const before = Date.now();
    const first = await plan(db, "kh-1");
    const second = await plan(db, "kh-2");
    expect(first).toMatchObject({ id: 1, key: "kh-1", problems: [], approvalRequired: false, lockAfterDays: 5, updatedAt: null, date: null });
    expect(second.id).toBe(2);
    expect(first.createdAt).toBeInstanceOf(Date);
    expect(first.createdAt.getTime()).toBeGreaterThanOrEqual(before - 1000);
    expect(first.createdAt.getTime() % 1).toBe(0);
    const [raw] = (await db.all(sql`select created_at, pg_typeof(created_at)::text from plans where id = ${first.id}`)) as [number, string][];
    expect(raw).toEqual([first.createdAt.getTime(), "bigint"]);
  });

  it("onConflictDoNothing and onConflictDoUpdate with excluded", async () => {
    const db = await postgres.open();
    await plan(db, "kh-1");
    const nothing = await db.insert(s.plans).values({ key: "kh-1", number: "again" }).onConflictDoNothing().returning();
    expect(nothing).toEqual([]);
    const updated = await db
      .insert(s.plans)
      .values([
        { key: "kh-1", number: "1/KH" },
        { key: "kh-3", number: "3/KH" },
      ])
      .onConflictDoUpdate({ target: s.plans.key, set: { number: sql`excluded.number`, updatedAt: new Date(1_800_000_000_123) } })
      .returning({ key: s.plans.key, number: s.plans.number, updatedAt: s.plans.updatedAt });
    expect(updated).toEqual([
      { key: "kh-1", number: "1/KH", updatedAt: new Date(1_800_000_000_123) },
      { key: "kh-3", number: "3/KH", updatedAt: null },
    ]);
  });

  it("joins, count / sum / avg / group by as numbers", async () => {
    const db = await postgres.open();
    const p = await plan(db, "kh");
    const [a, b] = [await unit(db, "so-a"), await unit(db, "so-b")];
    const ind = await indicator(db, p.id, "I.1");
    const report = (unitId: number, periodKey: string, valueNumber: number) =>
      ({ subjectKey: `i:${ind.id}`, indicatorId: ind.id, unitId, periodKey, revision: 1, valueNumber, channel: "telegram", updatedAt: new Date() }) as const;
    await db.insert(s.reports).values([report(a.id, "2026-11", 1.5), report(a.id, "2026-12", 2), report(b.id, "2026-12", 4)]);
    const rows = await db
      .select({ unit: s.units.name, reports: count(), total: sql<number>`sum(${s.reports.valueNumber})`, average: sql<number>`avg(${s.reports.revision})` })
      .from(s.reports)
      .innerJoin(s.units, eq(s.units.id, s.reports.unitId))
      .innerJoin(s.indicators, eq(s.indicators.id, s.reports.indicatorId))
      .groupBy(s.units.name)
      .orderBy(asc(s.units.name));
    expect(rows).toEqual([
      { unit: "so-a", reports: 2, total: 3.5, average: 1 },
      { unit: "so-b", reports: 1, total: 4, average: 1 },
    ]);
    const [[n]] = (await db.all(sql`select count(*) from ${s.reports}`)) as [[unknown]];
    expect(n).toBe(3);
    expect(await db.$count(s.reports, eq(s.reports.periodKey, "2026-12"))).toBe(2);
    const left = await db
      .select({ code: s.indicators.code, periodKey: s.reports.periodKey })
      .from(s.indicators)
      .leftJoin(s.reports, and(eq(s.reports.indicatorId, s.indicators.id), eq(s.reports.periodKey, "2027-01")));
    expect(left).toEqual([{ code: "I.1", periodKey: null }]);
  });

  it("a json column round trip: objects, arrays, unicode, null; its default; queried with jsonb functions", async () => {
    const db = await postgres.open();
    const payload = { key: "reminder.digest", params: { items: ["Tỷ lệ hồ sơ", "Nhiệm vụ 3"], count: 2, ok: true, none: null }, locale: "vi" };
    const [row] = await db
      .insert(s.outbox)
      .values({ channel: "telegram", chatId: "42", kind: "reminder", dedupKey: "d1", payload, nextAttemptAt: new Date(1_800_000_000_000) })
      .returning();
    expect(row!.payload).toEqual(payload);
    const read = await db.select({ payload: s.outbox.payload }).from(s.outbox).where(eq(s.outbox.dedupKey, "d1")).get();
    expect(read?.payload).toEqual(payload);
    const p = await plan(db, "kh");
    const ind = await indicator(db, p.id, "I.1", { lead: ["Sở KH&CN", "UBND xã"], deadline: null });
    expect(ind).toMatchObject({ lead: ["Sở KH&CN", "UBND xã"], coordinating: [], deadline: null });
    const [[leads]] = (await db.all(sql`select jsonb_array_length(${s.indicators.lead}) from ${s.indicators}`)) as [[number]];
    expect(leads).toBe(2);
  });

  it("booleans: the builder's 0/1 parameters and SQLite-style 0/1 literals; PostgreSQL's own booleans come back as 1/0", async () => {
    const db = await postgres.open();
    const p = await plan(db, "kh");
    await indicator(db, p.id, "I.1", { needsReview: true });
    await indicator(db, p.id, "I.2");
    const flagged = await db.select({ code: s.indicators.code, needsReview: s.indicators.needsReview }).from(s.indicators).where(eq(s.indicators.needsReview, true));
    expect(flagged).toEqual([{ code: "I.1", needsReview: true }]);
    const [[literal, total]] = (await db.all(sql`select count(*) filter (where needs_review = 1), sum(needs_review) from indicators`)) as [[number, number]];
    expect([literal, total]).toEqual([1, 1]);
    expect(await db.get(sql`select true, false, 2 > 1`)).toEqual([1, 0, 1]);
    await expect(db.run(sql`update indicators set needs_review = 2`)).rejects.toMatchObject({ cause: { code: "23514", constraint: "indicators_needs_review_flag" } });
  });

  it("timestamps: Date ↔ UTC milliseconds, compared as numbers; now() comes back as milliseconds", async () => {
    const db = await postgres.open();
    const due = new Date("2026-12-31T16:59:59.999Z");
    const p = await plan(db, "kh");
    await indicator(db, p.id, "I.1", { dueAt: due });
    await indicator(db, p.id, "I.2", { dueAt: new Date(due.getTime() + 1) });
    const early = await db.select({ code: s.indicators.code, dueAt: s.indicators.dueAt }).from(s.indicators).where(lt(s.indicators.dueAt, new Date(due.getTime() + 1)));
    expect(early).toEqual([{ code: "I.1", dueAt: due }]);
    const [[ms, nowMs, day]] = (await db.all(sql`select due_at, now(), date '2026-12-31' from indicators where code = 'I.1'`)) as [[number, number, string]];
    expect(ms).toBe(due.getTime());
    expect(typeof nowMs).toBe("number");
    expect(day).toBe("2026-12-31");
  });

  it(".run() reports the rows it changed (changedRows)", async () => {
    const db = await postgres.open();
    await plan(db, "a");
    await plan(db, "b");
    await plan(db, "c");
    expect(changedRows(await db.update(s.plans).set({ title: "x" }).where(sql`${s.plans.key} in ('a', 'b')`).run())).toBe(2);
    expect(changedRows(await db.update(s.plans).set({ title: "y" }).where(eq(s.plans.key, "none")).run())).toBe(0);
    expect(changedRows(await db.delete(s.plans).where(eq(s.plans.key, "c")).run())).toBe(1);
    expect(changedRows(await db.insert(s.plans).values([{ key: "d", number: "d" }, { key: "e", number: "e" }]).run())).toBe(2);
  });

  it("raw sql templates with parameters, and a ? inside a string literal or identifier left alone", async () => {
    const db = await postgres.open();
    await plan(db, "kh?1");
    const rows = await db.all(sql`select key, 'còn ?' as "hỏi?", ${"tham số"}::text from plans where key = ${"kh?1"} and number like '%?%'`);
    expect(rows).toEqual([["kh?1", "còn ?", "tham số"]]);
    const [[sum]] = (await db.all(sql`select ${2}::int + ${3}::int -- a ? in a comment\n`)) as [[number]];
    expect(sum).toBe(5);
    expect(await db.values(sql`select key from plans`)).toEqual([["kh?1"]]);
  });

  it("refuses a bigint past 2^53 rather than rounding it, and keeps working", async () => {
    const db = await postgres.open();
    await expect(db.get(sql`select 9007199254740993::bigint`)).rejects.toMatchObject({ cause: expect.any(RangeError) });
    expect(await db.get(sql`select 9007199254740991::bigint, 12.25::numeric`)).toEqual([9007199254740991, 12.25]);
  });

  describe("transactions", () => {
    function deferred<T = void>() {
      let resolve!: (value: T) => void;
      const promise = new Promise<T>((r) => (resolve = r));
      return { promise, resolve };
    }
    const keys = async (db: AppDb) => (await db.select({ key: s.plans.key }).from(s.plans).orderBy(asc(s.plans.key))).map((r) => r.key);
    // Two open transactions writing at once use a table the catalogue stamp does not watch: every writer
    // of a watched table bumps the one catalogue_version row (migrations 0003, 0010), so they wait for each other.
    const claimUpdate = (db: AppDb, key: string) => db.insert(s.processedUpdates).values({ channel: "test", updateId: key, receivedAt: new Date(0) }).run();
    const updateIds = async (db: AppDb) => (await db.select({ key: s.processedUpdates.updateId }).from(s.processedUpdates).orderBy(asc(s.processedUpdates.updateId))).map((r) => r.key);

    it("commits what fn wrote, rolls back everything when fn throws", async () => {
      const db = await postgres.open();
      expect(await inTransaction(db, async () => (await plan(db, "kept")).key)).toBe("kept");
      await expect(
        inTransaction(db, async () => {
          await plan(db, "lost-1");
          await db.update(s.plans).set({ title: "changed" }).where(eq(s.plans.key, "kept"));
          throw new Error("boom");
        }),
      ).rejects.toThrow("boom");
      expect(await keys(db)).toEqual(["kept"]);
      expect((await db.select().from(s.plans).get())?.title).toBeNull();
    });

    it("a nested transaction is a savepoint: its rollback keeps the outer transaction's work", async () => {
      const db = await postgres.open();
      await inTransaction(db, async () => {
        await plan(db, "outer-1");
        await expect(
          inTransaction(db, async () => {
            await plan(db, "inner");
            throw new Error("inner fails");
          }),
        ).rejects.toThrow("inner fails");
        await inTransaction(db, async () => {
          await plan(db, "inner-kept");
        });
        await plan(db, "outer-2");
      });
      expect(await keys(db)).toEqual(["inner-kept", "outer-1", "outer-2"]);
    });

    it("two concurrent transactions do not see each other's uncommitted rows", async () => {
      const db = await postgres.open();
      const [firstWrote, secondWrote, firstLooked, secondLooked] = [deferred(), deferred(), deferred(), deferred()];
      // Both write, then both read while both are still open, then both commit.
      const first = inTransaction(db, async () => {
        await claimUpdate(db, "first");
        firstWrote.resolve();
        await secondWrote.promise;
        const seen = await updateIds(db);
        firstLooked.resolve();
        await secondLooked.promise;
        return seen;
      });
      const second = inTransaction(db, async () => {
        await firstWrote.promise;
        await claimUpdate(db, "second");
        secondWrote.resolve();
        await firstLooked.promise;
        const seen = await updateIds(db);
        secondLooked.resolve();
        return seen;
      });
      expect(await first).toEqual(["first"]);
      expect(await second).toEqual(["second"]);
      expect(await updateIds(db)).toEqual(["first", "second"]);
    });

    it("a query outside an open transaction does not join it", async () => {
      const db = await postgres.open();
      const inside = deferred();
      const outsideDone = deferred();
      const tx = inTransaction(db, async () => {
        await claimUpdate(db, "inside");
        inside.resolve();
        await outsideDone.promise;
        throw new Error("roll back");
      });
      await inside.promise;
      // Not awaited inside fn: runs on another pooled connection, commits on its own.
      expect(await updateIds(db)).toEqual([]);
      await claimUpdate(db, "outside");
      outsideDone.resolve();
      await expect(tx).rejects.toThrow("roll back");
      expect(await updateIds(db)).toEqual(["outside"]);
    });

    it("gives the connection back after every failure (a pool of one keeps working)", async () => {
      const url = await postgres.freshUrl();
      const db = await openPostgresAppDb(url, { max: 1 });
      const pool = (db.$executor as PostgresExecutor).pool;
      const idle = () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount });
      try {
        await db.run(sql`create table deferred_unique (v integer unique deferrable initially deferred)`);
        await inTransaction(db, async () => {
          await plan(db, "a");
        });
        // fn throws
        await expect(inTransaction(db, () => Promise.reject(new Error("fn throws")))).rejects.toThrow("fn throws");
        // a statement fails
        await expect(inTransaction(db, async () => db.run(sql`select * from no_such_table`))).rejects.toMatchObject({ cause: { code: "42P01" } });
        // a statement fails and fn swallows it: COMMIT answers ROLLBACK, which must not pass for a commit
        await expect(
          inTransaction(db, async () => {
            await plan(db, "swallowed");
            await db.run(sql`select * from no_such_table`).catch(() => {});
          }),
        ).rejects.toThrow("rolled back at COMMIT");
        // COMMIT itself fails (a deferred unique check)
        await expect(
          inTransaction(db, async () => {
            await db.run(sql`insert into deferred_unique values (1), (1)`);
          }),
        ).rejects.toMatchObject({ code: "23505" });
        // the connection dies inside the transaction
        await expect(inTransaction(db, async () => db.run(sql`select pg_terminate_backend(pg_backend_pid())`))).rejects.toThrow();
        // a savepoint that fails, inside a transaction that goes on
        await inTransaction(db, async () => {
          await expect(inTransaction(db, async () => db.run(sql`select 1/0`))).rejects.toMatchObject({ cause: { code: "22012" } });
          await plan(db, "after-savepoint");
        });
        expect(idle().waiting).toBe(0);
        expect(idle().idle).toBe(idle().total);
        expect(await keys(db)).toEqual(["a", "after-savepoint"]);
      } finally {
        await db.$executor.close();
      }
    });

    it("refuses transaction SQL sent as a query (it would run on any pooled connection)", async () => {
      const db = await postgres.open();
      await expect(db.transaction(async () => {})).rejects.toMatchObject({ cause: { message: expect.stringContaining("use inTransaction") } });
      await expect(db.run(sql`commit`)).rejects.toMatchObject({ cause: { message: expect.stringContaining("use inTransaction") } });
    });

    it("refuses a query that runs after its transaction ended", async () => {
      const db = await postgres.open();
      let late: Promise<unknown> | undefined;
      const ended = deferred();
      await inTransaction(db, async () => {
        late = ended.promise.then(() => db.select().from(s.plans));
      });
      ended.resolve();
      await expect(late).rejects.toMatchObject({ cause: { message: expect.stringContaining("after its transaction had ended") } });
    });
  });
});

describeEachEngine("the engines harness", (openDb) => {
  it("gives a fresh, migrated, empty database on each call", async () => {
    const first = await openDb();
    const second = await openDb();
    await first.insert(s.units).values({ name: "Sở A", key: "so a", kind: "department" });
    expect(await first.select({ key: s.units.key }).from(s.units)).toEqual([{ key: "so a" }]);
    expect(await second.select({ key: s.units.key }).from(s.units)).toEqual([]);
  });

  it("one query body, the same answers: defaults, upsert with excluded, json, booleans, timestamps, aggregates, changes", async () => {
    const db = await openDb();
    const due = new Date("2026-12-31T16:59:59.999Z");
    const [p] = await db.insert(s.plans).values({ key: "kh", number: "1/KH", problems: [{ line: 3, text: "Bảng 2" }] }).returning();
    expect(p).toMatchObject({ id: 1, problems: [{ line: 3, text: "Bảng 2" }], approvalRequired: false, lockAfterDays: 5, updatedAt: null });
    await db
      .insert(s.plans)
      .values({ key: "kh", number: "2/KH", approvalRequired: true })
      .onConflictDoUpdate({ target: s.plans.key, set: { number: sql`excluded.number`, approvalRequired: sql`excluded.approval_required`, updatedAt: due } });
    expect(await db.select({ number: s.plans.number, approvalRequired: s.plans.approvalRequired, updatedAt: s.plans.updatedAt }).from(s.plans)).toEqual([
      { number: "2/KH", approvalRequired: true, updatedAt: due },
    ]);
    for (const code of ["I.1", "I.2", "I.3"]) {
      await db.insert(s.indicators).values({ planId: p!.id, code, name: code, nameKey: code, valueKind: "count", direction: "higher", needsReview: code !== "I.2", dueAt: due, lead: [code] });
    }
    const byReview = await db
      .select({ needsReview: s.indicators.needsReview, n: count(), firstDue: sql<number>`min(${s.indicators.dueAt})`.mapWith(s.indicators.dueAt) })
      .from(s.indicators)
      .innerJoin(s.plans, eq(s.plans.id, s.indicators.planId))
      .where(lt(s.indicators.dueAt, new Date(due.getTime() + 1)))
      .groupBy(s.indicators.needsReview)
      .orderBy(asc(s.indicators.needsReview));
    expect(byReview).toEqual([
      { needsReview: false, n: 1, firstDue: due },
      { needsReview: true, n: 2, firstDue: due },
    ]);
    expect((await db.select({ lead: s.indicators.lead }).from(s.indicators).where(eq(s.indicators.code, "I.2")).get())?.lead).toEqual(["I.2"]);
    expect(changedRows(await db.update(s.indicators).set({ needsReview: false }).where(eq(s.indicators.needsReview, true)).run())).toBe(2);
    expect(await db.$count(s.indicators, eq(s.indicators.needsReview, true))).toBe(0);
  });
});
