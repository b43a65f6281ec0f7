import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import * as s from "../../db/schema.ts";
import type { Db } from "../../db/client.ts";
import { lockCheck } from "../../src/services/approvals.ts";
import { createChatLookups } from "../../src/services/chat-lookups.ts";
import { dueRulesCheck, setDueRule } from "../../src/services/due-rules.ts";
import { closePeriod, reopenPeriod } from "../../src/services/periods.ts";
import { postgresDatabases } from "../support/engines.ts";
import { peek } from "../support/peek.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { vn } from "../reminders/reminder-world.ts";

const actor = { personId: null, name: "test" };
const LAN = "Nguyễn Thị Lan";

/** Every statement a database handle runs while fn runs (the executor wrapped, then put back). */
async function statementsDuring(db: Db, fn: () => Promise<unknown>): Promise<string[]> {
  const executor = db.$executor as { execute: (sql: string, params: unknown[], method: string) => Promise<unknown> };
  const execute = executor.execute;
  const seen: string[] = [];
  executor.execute = async (sql, params, method) => {
    seen.push(sql);
    return await execute.call(executor, sql, params, method);
  };
  try {
    await fn();
  } finally {
    executor.execute = execute;
  }
  return seen;
}

/**
 * A chat turn's due rules, reporting duty and period locks come from the catalogue cache: read
 * once, kept while the catalogue's stamp stays, and seen anew by the very next turn after a rule is
 * set, a period closed or reopened — on the engine of the run (TEST_ENGINE).
 */
describe("due rules and period locks kept across chat turns", { timeout: 120_000 }, () => {
  const now = vn("2026-11-05T10:00:00");
  let t: Awaited<ReturnType<typeof tempDemoDatabase>>;
  let lan: number;
  let item: { subjectKey: string; code: string; plan: string };

  const novemberOf = async () => {
    const view = (await createChatLookups(t.db, now).itemsForPerson(lan)).find((i) => `${i.ref.subjectType === "indicator" ? "i" : "t"}:${i.ref.subjectId}` === item.subjectKey)!;
    return view.periods.find((p) => p.key === "2026-11")!;
  };

  beforeAll(async () => {
    t = await tempDemoDatabase(vn("2026-11-01T00:00:00"));
    lan = (await peek<{ id: number }>(t.db, "select id from people where name = ?", LAN))!.id;
    const mine = (await createChatLookups(t.db, now).itemsForPerson(lan)).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    const subjectKey = `${mine.ref.subjectType === "indicator" ? "i" : "t"}:${mine.ref.subjectId}`;
    const plan = (await peek<{ number: string }>(t.db, `select p.number as number from ${mine.ref.subjectType === "indicator" ? "indicators" : "tasks"} x join plans p on p.id = x.plan_id where x.id = ?`, mine.ref.subjectId))!;
    item = { subjectKey, code: mine.code, plan: plan.number };
  }, 120_000);
  afterAll(() => t.remove());

  it("a turn that shows periods reads no rule, tracking or period row while nothing changed; the same rules are the same object", async () => {
    await novemberOf();
    const read = await statementsDuring(t.db, novemberOf);
    expect(read.filter((sql) => /province_settings|from "?periods"?|due_day|track_from|"units"/.test(sql))).toEqual([]);
    const [a, b] = [await dueRulesCheck(t.db), await dueRulesCheck(t.db)];
    expect(b).toBe(a);
    expect(a.of(item.subjectKey)).toBe(a.ofProvince().rules);
  });

  it("a rule set through setDueRule — plan, item, province — is what the next turn shows", async () => {
    expect((await novemberOf()).dueAt).toEqual(vn("2026-11-25T16:00:00"));
    await setDueRule(t.db, { level: "plan", plan: item.plan }, { due: { day: 10, hour: 9 } }, actor, now);
    expect((await novemberOf()).dueAt).toEqual(vn("2026-11-10T09:00:00"));
    await setDueRule(t.db, { level: "item", plan: item.plan, code: item.code }, { due: { day: 20, hour: 16 } }, actor, now);
    expect((await novemberOf()).dueAt).toEqual(vn("2026-11-20T16:00:00"));
    await setDueRule(t.db, { level: "item", plan: item.plan, code: item.code }, { due: null }, actor, now);
    await setDueRule(t.db, { level: "plan", plan: item.plan }, { due: null }, actor, now);
    await setDueRule(t.db, { level: "province" }, { due: { day: 15, hour: 8 } }, actor, now);
    expect((await novemberOf()).dueAt).toEqual(vn("2026-11-15T08:00:00"));
    expect((await dueRulesCheck(t.db)).resolved(item.subjectKey).from.due).toBe("province");
  });

  it("a period closed is locked in the next turn, and open again once reopened", async () => {
    expect((await novemberOf()).closed).toBe(false);
    await closePeriod(t.db, "2026-11", actor, now);
    expect((await novemberOf()).closed).toBe(true);
    await reopenPeriod(t.db, "2026-11", actor, now);
    expect((await novemberOf()).closed).toBe(false);
  });
});

/**
 * Two instances (two pools on one PostgreSQL database): what one sets — a plan's or an item's rule,
 * the province's, a closed period — the other's next check sees, though it kept its checks before.
 */
describe.skipIf(skipPostgres)("due rules and period locks across instances, on PostgreSQL", { timeout: 120_000 }, () => {
  const postgres = postgresDatabases();
  const now = new Date("2026-11-05T03:00:00Z");

  it("a rule or a closing committed by one instance is seen by the other's next check", async () => {
    const url = await postgres.freshUrl();
    const a = await openPostgresAppDb(url, { max: 2 });
    const b = await openPostgresAppDb(url, { max: 2 });
    try {
      const [plan] = await a.insert(s.plans).values({ key: "kh-1", number: "1/KH-UBND" }).returning({ id: s.plans.id });
      const [indicator] = await a
        .insert(s.indicators)
        .values({ planId: plan!.id, code: "1", name: "Tỷ lệ hồ sơ trực tuyến", nameKey: "ty le ho so truc tuyen", valueKind: "percent", direction: "higher", position: 1 })
        .returning({ id: s.indicators.id });
      const key = `i:${indicator!.id}`;
      const dueInB = async () => (await dueRulesCheck(b)).dueAtOf(key, "2026-11");
      expect(await dueInB()).toEqual(vn("2026-11-25T16:00:00"));
      expect(await dueRulesCheck(b)).toBe(await dueRulesCheck(b));

      await setDueRule(a, { level: "plan", plan: "1/KH-UBND" }, { due: { day: 10, hour: 9 } }, actor, now);
      expect(await dueInB()).toEqual(vn("2026-11-10T09:00:00"));
      await setDueRule(a, { level: "item", plan: "1/KH-UBND", code: "1" }, { due: { day: 20, hour: 16 } }, actor, now);
      expect(await dueInB()).toEqual(vn("2026-11-20T16:00:00"));
      await setDueRule(a, { level: "province" }, { yearly: { day: 31, month: 12 } }, actor, now);
      expect(await (await dueRulesCheck(b)).dueAtOf(key, "2026")).toEqual(vn("2026-12-31T23:59:59"));

      const lockedInB = async () => (await lockCheck(b, now))(key, "2026-11", null);
      expect(await lockedInB()).toBe(false);
      await closePeriod(a, "2026-11", actor, now);
      expect(await lockedInB()).toBe(true);
      await reopenPeriod(a, "2026-11", actor, now);
      expect(await lockedInB()).toBe(false);
    } finally {
      await a.$executor.close();
      await b.$executor.close();
    }
  });
});
