import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { planIndicators } from "../../db/repositories/catalogue-repository.ts";
import { loadDemoUnits } from "../../db/seed/load-demo-data.ts";
import { reportFigure } from "../../src/services/reporting.ts";
import { reportingStatus, summariseByUnit, summaryByUnit, type StatusRow } from "../../src/services/reporting-status.ts";
import { importSeed } from "../support/import-seed.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { peek, poke } from "../support/peek.ts";

const IMPORTED = new Date("2026-03-02T02:00:00Z");
/** 16:00 on 25 November 2026 in Hanoi is the monthly deadline. */
const BEFORE_DUE = new Date("2026-11-20T02:00:00Z");
const AFTER_DUE = new Date("2026-11-26T02:00:00Z");

let db: Db;
let remove: () => void;
let planId: number;

beforeEach(async () => {
  const t = tempDatabase();
  db = t.db;
  remove = t.remove;
  await loadDemoUnits(db);
  planId = (await importSeed(db, "000", IMPORTED)).plan.id;
});
afterEach(() => remove());

function rowOf(rows: StatusRow[], code: string, unitName?: string): StatusRow {
  const row = rows.find((r) => r.code === code && (unitName === undefined || r.unitName === unitName));
  if (!row) throw new Error(`no row for ${code} ${unitName ?? ""}`);
  return row;
}

async function report(row: StatusRow, value: number | string, now: Date, ref: string) {
  return await reportFigure(db, {
    subjectType: row.subjectType,
    subjectId: row.subjectId,
    unitId: row.unitId,
    periodKey: row.periodKey,
    valueNumber: typeof value === "number" ? value : null,
    valueText: typeof value === "string" ? value : null,
    taskStatus: null,
    note: null,
    evidence: [],
    personId: null,
    channel: "telegram",
    sourceRef: ref,
    now,
  });
}

describe("reporting status read model", () => {
  it("lists every assigned (item, unit) of the plan for the month, in document order, not yet reported", async () => {
    const rows = await reportingStatus(db, { periodKey: "2026-11", planId, now: BEFORE_DUE });
    expect(rows.length).toBeGreaterThan(19);
    expect(rows.every((r) => r.expected && !r.reported && r.periodKey === "2026-11")).toBe(true);
    expect(rows.every((r) => r.state === "due_soon")).toBe(true);
    const codes = [...new Set(rows.map((r) => r.code))];
    const documentOrder = (await planIndicators(db, planId)).map((i) => i.code);
    expect(codes).toEqual(documentOrder.filter((c) => codes.includes(c)));
    expect((await reportingStatus(db, { periodKey: "2026-11", planId, now: AFTER_DUE })).every((r) => r.state === "overdue")).toBe(true);
  });

  it("keeps the latest revision's value, counts revisions and judges on time by the first report", async () => {
    const first = rowOf(await reportingStatus(db, { periodKey: "2026-11", planId, now: BEFORE_DUE }), "I.2");
    await report(first, 65, BEFORE_DUE, "u1");
    await report(first, 72.5, AFTER_DUE, "u2");
    const row = rowOf(await reportingStatus(db, { periodKey: "2026-11", planId, now: AFTER_DUE }), "I.2", first.unitName);
    expect(row.reported).toBe(true);
    expect(row.onTime).toBe(true);
    expect(row.state).toBe("reported_on_time");
    expect(row.report?.valueNumber).toBe(72.5);
    expect(row.report?.revisions).toBe(2);
    expect(row.target?.raw).toBe("≥ 70%");
    expect(row.achievementLabel).toBe("exceeded");
    expect(row.achievement?.status === "met" && row.achievement.margin).toBe(2.5);
  });

  it("calls a first report after 16:00 on the 25th late, and a figure below target not met", async () => {
    const first = rowOf(await reportingStatus(db, { periodKey: "2026-11", planId, now: BEFORE_DUE }), "I.2");
    await report(first, 60, AFTER_DUE, "u1");
    const row = rowOf(await reportingStatus(db, { periodKey: "2026-11", planId, now: AFTER_DUE }), "I.2", first.unitName);
    expect(row.onTime).toBe(false);
    expect(row.state).toBe("reported_late");
    expect(row.achievementLabel).toBe("not_met");
    const summary = summariseByUnit(await reportingStatus(db, { periodKey: "2026-11", planId, now: AFTER_DUE }));
    // Counted without building the rows (what /api/summary reads), the same answer.
    expect(await summaryByUnit(db, { periodKey: "2026-11", planId, now: AFTER_DUE })).toEqual(summary);
    const unit = summary.find((s) => s.unitId === first.unitId)!;
    expect(unit.reported).toBe(1);
    expect(unit.late).toBe(1);
    expect(unit.notMet).toBe(1);
    expect(unit.overdue).toBe(unit.expected - 1);
  });

  it("holds the twelve months of a monthly item in a year, except months due before the assignment existed", async () => {
    const rows = await reportingStatus(db, { periodKey: "2026", planId, now: AFTER_DUE });
    const months = rows.filter((r) => r.code === "I.2" && r.unitId === rows.find((x) => x.code === "I.2")!.unitId);
    expect(months.map((r) => r.periodKey)).toEqual(Array.from({ length: 12 }, (_, i) => `2026-${String(i + 1).padStart(2, "0")}`));
    expect(months.filter((r) => r.expected).map((r) => r.periodKey)[0]).toBe("2026-03");
  });

  it("keeps a report from a unit the item is not assigned to, as not expected", async () => {
    const row = rowOf(await reportingStatus(db, { periodKey: "2026-11", planId, now: BEFORE_DUE }), "I.2");
    const other = (await peek<{ id: number }>(db, "select id from units where id not in (select unit_id from assignments where subject_key = ?) order by id limit 1", row.subjectKey))!;
    await report({ ...row, unitId: other.id }, 80, BEFORE_DUE, "x1");
    const extra = (await reportingStatus(db, { periodKey: "2026-11", planId, now: BEFORE_DUE })).find((r) => r.code === "I.2" && r.unitId === other.id)!;
    expect(extra.expected).toBe(false);
    expect(extra.reported).toBe(true);
    expect(extra.role).toBeNull();
    // Not expected, so not counted: the summary without rows leaves it out as summariseByUnit does.
    const summary = await summaryByUnit(db, { periodKey: "2026-11", planId, now: BEFORE_DUE });
    expect(summary).toEqual(summariseByUnit(await reportingStatus(db, { periodKey: "2026-11", planId, now: BEFORE_DUE })));
    expect(summary.find((u) => u.unitId === other.id)?.reported ?? 0).toBe(0);
  });

  it("reads a quarterly assignment for its quarter and the year, not for a month; a month's report of it stays, as not expected", async () => {
    const row = rowOf(await reportingStatus(db, { periodKey: "2026-11", planId, now: BEFORE_DUE }), "I.2");
    await poke(db, "update assignments set frequency = 'quarterly' where subject_key = ? and unit_id = ?", row.subjectKey, row.unitId);
    const ofUnit = async (periodKey: string) => (await reportingStatus(db, { periodKey, planId, now: BEFORE_DUE })).filter((r) => r.code === "I.2" && r.unitId === row.unitId);
    expect(await ofUnit("2026-11")).toEqual([]);
    expect((await ofUnit("2026-Q4")).map((r) => [r.periodKey, r.frequency, r.expected])).toEqual([["2026-Q4", "quarterly", true]]);
    expect((await ofUnit("2026")).map((r) => r.periodKey)).toEqual(["2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    expect(await ofUnit("once")).toEqual([]);
    await report(row, 80, BEFORE_DUE, "q1");
    // The assignment changed by plain SQL: the read model's kept catalogue side is dropped (catalogueCache), both ways of counting agree.
    expect(await summaryByUnit(db, { periodKey: "2026-Q4", planId, now: BEFORE_DUE })).toEqual(summariseByUnit(await reportingStatus(db, { periodKey: "2026-Q4", planId, now: BEFORE_DUE })));
    const [month] = await ofUnit("2026-11");
    expect([month?.periodKey, month?.expected, month?.role, month?.reported]).toEqual(["2026-11", false, null, true]);
    // The quarter reads the months of its monthly items too, so the month's report comes along, not expected.
    expect((await reportingStatus(db, { periodKey: "2026-Q4", planId, unitIds: [row.unitId], now: BEFORE_DUE })).filter((r) => r.code === "I.2").map((r) => [r.periodKey, r.expected])).toEqual([
      ["2026-11", false],
      ["2026-Q4", true],
    ]);
  });
});
