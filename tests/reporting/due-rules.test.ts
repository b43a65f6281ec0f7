import { PassThrough } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { catalogueVersion } from "../../db/repositories/catalogue-version.ts";
import { reminderTickStamp } from "../../db/repositories/reminders-repository.ts";
import { createChatLookups } from "../../src/services/chat-lookups.ts";
import { dueRulesCheck, setDueRule } from "../../src/services/due-rules.ts";
import { exportReportsCsv } from "../../src/services/export-reports.ts";
import { reportingStatus } from "../../src/services/reporting-status.ts";
import { peek, peekAll } from "../support/peek.ts";
import { deliveryLines, localStamp, reminderWorld, vn, type ReminderWorld } from "../reminders/reminder-world.ts";

const LAN = "Nguyễn Thị Lan";
const actor = { personId: null, name: "test" };

/**
 * A plan whose figures are due at 09:00 on the 10th, over the demo province on a real SQLite file:
 * from 1 November 2026 the reminder tick runs every hour; on the 11th its item is overdue while an
 * item of another plan (the built-in 16:00 on the 25th) is not; the chat, the read model, the CSV
 * export and the reminders agree; an item's own rule beats its plan's.
 */
describe("due day and hour per plan and item", () => {
  let w: ReminderWorld;
  // Lan's monthly item (its plan gets the 10th) and a monthly item of another plan.
  let mine: { subjectKey: string; code: string; unitId: number; planId: number; planNumber: string; ref: { subjectType: "indicator" | "task"; subjectId: number; unitId: number } };
  let other: { subjectKey: string; code: string; unitId: number; planId: number };
  const keyOf = (ref: { subjectType: string; subjectId: number }) => `${ref.subjectType === "indicator" ? "i" : "t"}:${ref.subjectId}`;
  const planOf = async (subjectKey: string) => {
    const [kind, id] = subjectKey.split(":");
    return (await peek<{ planId: number; number: string }>(w.db, `select p.id as planId, p.number as number from ${kind === "i" ? "indicators" : "tasks"} x join plans p on p.id = x.plan_id where x.id = ?`, Number(id)))!;
  };

  beforeAll(async () => {
    w = await reminderWorld();
    const lanItem = (await w.itemsOf(LAN)).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    const plan = await planOf(keyOf(lanItem.ref));
    mine = { subjectKey: keyOf(lanItem.ref), code: lanItem.code, unitId: lanItem.ref.unitId, planId: plan.planId, planNumber: plan.number, ref: lanItem.ref };
    // A monthly assignment of an item of another plan (any unit).
    const rows = await peekAll<{ subjectKey: string; unitId: number }>(w.db, "select subject_key as subjectKey, unit_id as unitId from assignments where frequency = 'monthly' and removed_at is null and role = 'lead' order by id");
    for (const r of rows) {
      const p = await planOf(r.subjectKey);
      if (p.planId !== mine.planId) {
        other = { subjectKey: r.subjectKey, code: "", unitId: r.unitId, planId: p.planId };
        break;
      }
    }
    expect(other, "the demo has monthly items in two plans").toBeDefined();
    await setDueRule(w.db, { level: "plan", plan: mine.planNumber }, { due: { day: 10, hour: 9 } }, actor, w.clock.now());
    // Every hour from 1 November to 11 November 10:00 (the tick sends at 08:00 on working days).
    for (let t = vn("2026-11-01T00:00:00").getTime(); t <= vn("2026-11-11T10:00:00").getTime(); t += 3_600_000) {
      w.clock.set(new Date(t));
      await w.tick();
    }
  }, 180_000);
  afterAll(() => w.remove());

  it("resolves item ?? plan ?? province ?? built in, and says where each rule comes from", async () => {
    const due = await dueRulesCheck(w.db);
    expect(due.resolved(mine.subjectKey)).toEqual({ rules: { dueDay: 10, dueHour: 9, yearlyDueDay: 5, yearlyDueMonth: 12 }, from: { due: "plan", yearly: "built_in" } });
    expect(due.resolved(other.subjectKey)).toEqual({ rules: { dueDay: 25, dueHour: 16, yearlyDueDay: 5, yearlyDueMonth: 12 }, from: { due: "built_in", yearly: "built_in" } });
    expect(due.dueAtOf(mine.subjectKey, "2026-11")).toEqual(vn("2026-11-10T09:00:00"));
    expect(due.dueAtOf(other.subjectKey, "2026-11")).toEqual(vn("2026-11-25T16:00:00"));
  });

  it("reminds the item's focal point counting from its own deadline: 7 and 1 days before the 10th (the 3-day one falls on a Saturday), the day, then overdue", async () => {
    const lines = (await w.deliveriesOf(LAN)).filter((d) => d.subjectKey === mine.subjectKey && d.periodKey === "2026-11");
    // 3 working days before Tuesday 10/11 is Saturday 07/11: Monday 09/11, together with the 1-day one (one line an item).
    expect(lines.map((d) => `${d.localDate} ${d.kind}${d.kind === "before" ? ` ${d.offsetDays}` : ""}`)).toEqual(["2026-11-03 before 7", "2026-11-09 before 1", "2026-11-10 due_day", "2026-11-11 overdue"]);
    // Nothing of another plan was due yet: no due-day or overdue reminder of its November period.
    const others = (await deliveryLines(w.db)).filter((d) => d.subjectKey === other.subjectKey && d.periodKey === "2026-11");
    expect(others.map((o) => o.kind).filter((k) => k === "due_day" || k === "overdue")).toEqual([]);
  });

  it("on the 11th: the chat shows the item 1 day overdue (quá hạn 1 ngày), the read model agrees, another plan's item is not due yet", async () => {
    const now = w.clock.now();
    expect(localStamp(now)).toBe("2026-11-11 10:00");
    const lookups = createChatLookups(w.db, now);
    const view = (await lookups.itemsForPerson(w.person(LAN).id)).find((i) => keyOf(i.ref) === mine.subjectKey)!;
    const nov = view.periods.find((p) => p.key === "2026-11")!;
    expect(nov.status).toBe("overdue");
    expect(nov.dueAt).toEqual(vn("2026-11-10T09:00:00"));
    const line = (await lookups.overdueForUnit(mine.unitId)).find((l) => l.code === mine.code && l.periodKey === "2026-11")!;
    expect(line).toMatchObject({ status: "overdue", days: 1 });
    expect(w.translator.t("vi", { key: "reminder.when.overdue", params: { days: line.days } })).toBe("quá hạn 1 ngày");

    const rows = await reportingStatus(w.db, { periodKey: "2026-11", now });
    const mineRow = rows.find((r) => r.subjectKey === mine.subjectKey && r.unitId === mine.unitId && r.periodKey === "2026-11")!;
    expect(mineRow).toMatchObject({ state: "overdue", dueAt: vn("2026-11-10T09:00:00") });
    const otherRow = rows.find((r) => r.subjectKey === other.subjectKey && r.unitId === other.unitId && r.periodKey === "2026-11")!;
    expect(otherRow).toMatchObject({ state: "not_due", dueAt: vn("2026-11-25T16:00:00") });
  });

  it("a figure sent on the 11th is late in the CSV export, by the plan's own deadline (on time by the built-in one)", async () => {
    await w.report(LAN, mine.ref, "2026-11", 40);
    const out = new PassThrough();
    let csv = "";
    out.on("data", (c: Buffer) => (csv += c.toString()));
    await exportReportsCsv(w.db, w.translator, { plan: mine.planNumber, periodKey: "2026-11", now: w.clock.now(), locale: "vi" }, out);
    const unitName = (await peek<{ name: string }>(w.db, "select name from units where id = ?", mine.unitId))!.name;
    // The one row with a figure from Lan for November: its deadline and state columns.
    const line = csv.split("\n").find((l) => l.includes(unitName) && l.includes(LAN) && l.includes("Tháng 11/2026"));
    expect(line, "the item's row in the export").toBeDefined();
    expect(line).toContain("Trễ hạn");
    expect(line).toContain(",2026-11-10 09:00,Có,Trễ hạn,40,");
    // The chat says the same of it now: reported late.
    const view = (await createChatLookups(w.db, w.clock.now()).itemsForPerson(w.person(LAN).id)).find((i) => keyOf(i.ref) === mine.subjectKey)!;
    expect(view.periods.find((p) => p.key === "2026-11")!.status).toBe("reported_late");
  });

  it("an item's own rule beats its plan's; clearing it hands the item back to the plan; the province's default changes the reminders' stamp", async () => {
    // A plan's or an item's rule is in the catalogue's stamp, which the reminders' kept plan reads too.
    const catalogueBefore = await catalogueVersion(w.db);
    await setDueRule(w.db, { level: "item", plan: mine.planNumber, code: mine.code }, { due: { day: 20, hour: 16 } }, actor, w.clock.now());
    expect(await catalogueVersion(w.db)).not.toBe(catalogueBefore);
    let due = await dueRulesCheck(w.db);
    expect(due.resolved(mine.subjectKey).from.due).toBe("item");
    expect(due.dueAtOf(mine.subjectKey, "2026-11")).toEqual(vn("2026-11-20T16:00:00"));
    const row = (await reportingStatus(w.db, { periodKey: "2026-11", now: w.clock.now() })).find((r) => r.subjectKey === mine.subjectKey && r.unitId === mine.unitId)!;
    expect(row).toMatchObject({ onTime: true, state: "reported_on_time" });

    await setDueRule(w.db, { level: "item", plan: mine.planNumber, code: mine.code }, { due: null }, actor, w.clock.now());
    due = await dueRulesCheck(w.db);
    expect(due.resolved(mine.subjectKey).from.due).toBe("plan");

    const before = (await reminderTickStamp(w.db)).inputs;
    await setDueRule(w.db, { level: "province" }, { due: { day: 15, hour: 8 }, yearly: { day: 31, month: 12 } }, actor, w.clock.now());
    expect((await reminderTickStamp(w.db)).inputs).not.toBe(before);
    due = await dueRulesCheck(w.db);
    expect(due.resolved(other.subjectKey)).toEqual({ rules: { dueDay: 15, dueHour: 8, yearlyDueDay: 31, yearlyDueMonth: 12 }, from: { due: "province", yearly: "province" } });
    // The plan's own day still wins over the province's default for its items.
    expect(due.resolved(mine.subjectKey).from).toEqual({ due: "plan", yearly: "province" });
    const audit = await peekAll<{ action: string }>(w.db, "select action from audit_log where action like '%due_rule' order by id");
    expect(audit.map((a) => a.action)).toEqual(["plan.due_rule", "item.due_rule", "item.due_rule", "province.due_rule"]);
  });
});
