import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import { asc, eq } from "drizzle-orm";
import { chatAccounts, people, personRoles, reminderDeliveries } from "../../db/schema.ts";
import { returnFigure, setPlanApproval } from "../../src/services/approvals.ts";
import { recordDeliveryLine, reminderWorld, vn, type ReminderWorld } from "./reminder-world.ts";

const LAN = "Nguyễn Thị Lan";
const MINH = "Trần Văn Minh";

/**
 * The tick keeps its plan between ticks (src/services/reminders.ts, keptPlan) while the database's
 * stamps hold: each change below, made between two quiet ticks of Wednesday 25/11 (Lan's deadline
 * day), must be acted on at the very next tick, through the real tick under the test's clock.
 */
describe("the reminder tick's kept plan is dropped by every change", () => {
  let w: ReminderWorld;
  let item: Awaited<ReturnType<ReminderWorld["itemsOf"]>>[number];
  let itemKey = "";
  let reportId = 0;
  const linesOfLanAt = async (at: string) => (await w.messages()).filter((m) => m.person === LAN && m.kind === "reminder" && m.at === at).flatMap((m) => m.lines.map((l) => l.subjectKey));

  beforeAll(async () => {
    w = await reminderWorld();
    for (const plan of await listPlans(w.db)) await setPlanApproval(w.db, plan.key, true, { personId: null, name: "cli" }, w.clock.now());
    item = (await w.itemsOf(LAN)).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    itemKey = `${item.ref.subjectType === "indicator" ? "i" : "t"}:${item.ref.subjectId}`;
    w.clock.set(vn("2026-11-25T07:30:00"));
    reportId = (await w.report(LAN, item.ref, "2026-11", 40)).reportId;
  }, 60_000);
  afterAll(() => w.remove());

  it("sends the deadline-day digest without the reported item, then nothing on the quiet ticks that follow", async () => {
    w.clock.set(vn("2026-11-25T08:00:00"));
    expect((await w.tick()).digests).toBeGreaterThan(0);
    const lines = await linesOfLanAt("2026-11-25 08:00");
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).not.toContain(itemKey);
    for (const at of ["08:05", "08:10"]) {
      w.clock.set(vn(`2026-11-25T${at}:00`));
      expect(await w.tick()).toMatchObject({ digests: 0, escalations: 0 });
    }
  });

  it("a figure returned by the head between two quiet ticks: the item is reminded at the next tick", async () => {
    w.clock.set(vn("2026-11-25T08:12:00"));
    const minh = w.person(MINH);
    const r = await returnFigure(w.db, { reportId, revision: 1, reason: "Kiểm tra lại", actor: { personId: minh.id, name: minh.name }, unitIds: await unitSubtreeIds(w.db, minh.unitId!), now: w.clock.now() });
    expect(r.status).toBe("returned");
    w.clock.set(vn("2026-11-25T08:15:00"));
    expect((await w.tick()).digests).toBe(1);
    expect(await linesOfLanAt("2026-11-25 08:15")).toEqual([itemKey]);
    w.clock.set(vn("2026-11-25T08:20:00"));
    expect(await w.tick()).toMatchObject({ digests: 0, escalations: 0 });
  });

  it("a focal point added to Lan's unit by another writer (rows straight into the file): counted as not linked at the next tick", async () => {
    w.clock.set(vn("2026-11-25T08:25:00"));
    const before = await w.tick();
    const lan = w.person(LAN);
    const [added] = await w.db.insert(people).values({ name: "Người Mới", unitId: lan.unitId, locale: "vi", createdAt: w.clock.now() }).returning({ id: people.id }).all();
    await w.db.insert(personRoles).values({ personId: added!.id, role: "focal_point" }).run();
    w.clock.set(vn("2026-11-25T08:30:00"));
    const after = await w.tick();
    expect(after.notLinked).toBe(before.notLinked + 1);
  });

  it("a correction (a new revision) between two quiet ticks: the corrected figure stays reported, nothing is sent", async () => {
    w.clock.set(vn("2026-11-25T08:40:00"));
    await w.report(LAN, item.ref, "2026-11", 41);
    w.clock.set(vn("2026-11-25T08:45:00"));
    expect(await w.tick()).toMatchObject({ digests: 0, escalations: 0 });
  });

  it("the deadline passing (16:00) and the next day are seen without any write: the overdue reminder of Thursday goes out", async () => {
    w.clock.set(vn("2026-11-25T16:05:00"));
    expect(await w.tick()).toMatchObject({ digests: 0, escalations: 0 });
    w.clock.set(vn("2026-11-26T08:00:00"));
    expect((await w.tick()).digests).toBeGreaterThan(0);
    const lines = await linesOfLanAt("2026-11-26 08:00");
    expect(lines.length).toBeGreaterThan(0);
  });
});

/**
 * The day's plan is built ahead (the hour before the first sending moment, src/domain/plan-reminders.ts
 * plansAhead), and the tick's own reminders are a known delta: what happens between the build and the
 * sending moment is still seen, and the ticks after a due one do not read every assignment again.
 */
describe("the reminder tick's plan built ahead of the day's first sending moment", () => {
  let w: ReminderWorld;
  let lanKeys: string[] = [];
  const keyOf = (ref: { subjectType: string; subjectId: number }) => `${ref.subjectType === "indicator" ? "i" : "t"}:${ref.subjectId}`;
  /** The statements a tick ran that read reports or assignments: a rebuild of the plan reads both. */
  const rebuildReads = async (): Promise<string[]> => {
    const executor = w.db.$executor;
    const execute = executor.execute;
    const seen: string[] = [];
    executor.execute = (sql, params, method) => {
      if (/from "?(reports|assignments)"?\s/i.test(sql) && /^\s*select/i.test(sql)) seen.push(sql);
      return execute.call(executor, sql, params, method);
    };
    try {
      await w.tick();
    } finally {
      executor.execute = execute;
    }
    return seen;
  };

  beforeAll(async () => {
    w = await reminderWorld();
    const items = (await w.itemsOf(LAN)).filter((i) => i.periods.some((p) => p.key === "2026-11"));
    lanKeys = items.map((i) => keyOf(i.ref));
    expect(lanKeys.length).toBeGreaterThanOrEqual(3);
  }, 60_000);
  afterAll(() => w.remove());

  it("a report and another writer's reminder landing after the 07:55 build are left out of the 08:00 digest", async () => {
    w.clock.set(vn("2026-11-25T07:55:00"));
    expect((await rebuildReads()).length).toBeGreaterThan(0);
    expect(await w.outboxCount()).toBe(0);
    const [reported, remindedElsewhere] = (await w.itemsOf(LAN)).filter((i) => i.periods.some((p) => p.key === "2026-11"));
    w.clock.set(vn("2026-11-25T07:58:00"));
    await w.report(LAN, reported!.ref, "2026-11", 40);
    const lan = w.person(LAN);
    await recordDeliveryLine(w.db, { personId: lan.id, subjectKey: keyOf(remindedElsewhere!.ref), unitId: remindedElsewhere!.ref.unitId, periodKey: "2026-11", kind: "due_day", offsetDays: 0, localDate: "2026-11-25" });
    w.clock.set(vn("2026-11-25T08:00:00"));
    expect((await w.tick()).digests).toBeGreaterThan(0);
    const lines = (await w.messages()).filter((m) => m.person === LAN && m.kind === "reminder").flatMap((m) => m.lines.filter((l) => l.periodKey === "2026-11").map((l) => l.subjectKey));
    expect(lines.sort()).toEqual(lanKeys.filter((k) => k !== keyOf(reported!.ref) && k !== keyOf(remindedElsewhere!.ref)).sort());
    expect(lines).not.toContain(keyOf(reported!.ref));
    expect(lines).not.toContain(keyOf(remindedElsewhere!.ref));
  });

  it("the ticks after the due one neither read every assignment again nor send anything twice", async () => {
    const queued = await w.outboxCount();
    for (const at of ["08:05", "08:10"]) {
      w.clock.set(vn(`2026-11-25T${at}:00`));
      expect(await rebuildReads()).toEqual([]);
      expect(await w.outboxCount()).toBe(queued);
    }
  });

  it("a line recorded by a write the stamps did not see is left out of the digest, not sent twice", async () => {
    // Lan is unreachable at 08:00 (her chat blocked): her lines stay in the kept plan. Then another writer's
    // row for one of them lands where the stamps cannot see it (an existing row rewritten in place, as a
    // PostgreSQL commit out of id order would look), and Lan unblocks the bot.
    const lan = w.person(LAN);
    w.clock.set(vn("2026-11-26T07:55:00"));
    await w.tick();
    await w.db.update(chatAccounts).set({ blockedAt: w.clock.now() }).where(eq(chatAccounts.personId, lan.id)).run();
    w.clock.set(vn("2026-11-26T08:00:00"));
    expect((await w.tick()).notLinked).toBeGreaterThan(0);
    expect((await w.deliveriesOf(LAN)).filter((d) => d.localDate === "2026-11-26")).toEqual([]);
    const [first] = await w.db.select().from(reminderDeliveries).orderBy(asc(reminderDeliveries.id)).limit(1).all();
    const overdueKey = lanKeys[2]!;
    const unitId = (await w.itemsOf(LAN)).find((i) => keyOf(i.ref) === overdueKey)!.ref.unitId;
    await w.db.update(reminderDeliveries).set({ personId: lan.id, kind: "reminder", localDate: "2026-11-26", lines: [[overdueKey, unitId, "2026-11", "overdue", 0]] }).where(eq(reminderDeliveries.id, first!.id)).run();
    await w.db.update(chatAccounts).set({ blockedAt: null }).where(eq(chatAccounts.personId, lan.id)).run();
    w.clock.set(vn("2026-11-26T08:05:00"));
    expect((await w.tick()).digests).toBe(1);
    const lines = (await w.messages()).filter((m) => m.person === LAN && m.at === "2026-11-26 08:05").flatMap((m) => m.lines.map((l) => `${l.subjectKey}|${l.periodKey}|${l.kind}`));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines).not.toContain(`${overdueKey}|2026-11|overdue`);
    const once = (await w.deliveriesOf(LAN)).filter((d) => d.localDate === "2026-11-26" && d.subjectKey === overdueKey && d.periodKey === "2026-11");
    expect(once).toHaveLength(1);
    w.clock.set(vn("2026-11-26T08:10:00"));
    expect(await w.tick()).toMatchObject({ digests: 0, escalations: 0 });
  });
});
