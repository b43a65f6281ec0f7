import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { loadDemoUnits } from "../../db/seed/load-demo-data.ts";
import { deletePerson, insertPerson } from "../../db/repositories/people-repository.ts";
import { approveAllShown, approveFigure, closePeriod, isFigureLocked, listWaitingFigures, reopenPeriod, returnFigure, setPlanApproval, setPlanLockDays } from "../../src/services/approvals.ts";
import { PeriodClosedError, reportFigure } from "../../src/services/reporting.ts";
import { reportingStatus, summariseByUnit, type StatusRow } from "../../src/services/reporting-status.ts";
import { importSeed } from "../support/import-seed.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { peek, peekAll } from "../support/peek.ts";

const IMPORTED = new Date("2026-03-02T02:00:00Z");
/** The November deadline is 16:00 on 25 November in Hanoi; with the default cutoff the month locks 5 days later. */
const BEFORE_DUE = new Date("2026-11-20T02:00:00Z");
const LATE = new Date("2026-11-28T02:00:00Z");
const AFTER_LOCK = new Date("2026-12-01T02:00:00Z");
const head = { personId: null, name: "Trưởng phòng" };

let db: Db;
let remove: () => void;
let planKey: string;
let planId: number;

beforeEach(async () => {
  const t = tempDatabase();
  db = t.db;
  remove = t.remove;
  await loadDemoUnits(db);
  const imported = await importSeed(db, "000", IMPORTED);
  planId = imported.plan.id;
  planKey = imported.plan.key;
});
afterEach(() => remove());

async function rows(now: Date): Promise<StatusRow[]> {
  return await reportingStatus(db, { periodKey: "2026-11", planId, now });
}

async function firstRow(code: string): Promise<StatusRow> {
  const row = (await rows(BEFORE_DUE)).find((r) => r.code === code);
  if (!row) throw new Error(`no row for ${code}`);
  return row;
}

async function report(row: StatusRow, value: number, now: Date, ref: string) {
  return await reportFigure(db, {
    subjectType: row.subjectType, subjectId: row.subjectId, unitId: row.unitId, periodKey: row.periodKey,
    valueNumber: value, valueText: null, taskStatus: null, note: null, evidence: [], personId: null, channel: "telegram", sourceRef: ref, now,
  });
}

async function statusOf(row: StatusRow, now: Date): Promise<StatusRow> {
  return (await rows(now)).find((r) => r.subjectKey === row.subjectKey && r.unitId === row.unitId)!;
}

async function auditActions(reportId: number): Promise<string[]> {
  return (await peekAll<{ action: string }>(db, "select action from audit_log where entity = 'report' and entity_id = ? order by id", String(reportId))).map((r) => r.action);
}

describe("approval of figures", () => {
  it("with approval off (the default) counts a report as soon as it is sent, as before", async () => {
    const row = await firstRow("I.2");
    await report(row, 72, BEFORE_DUE, "u1");
    const after = await statusOf(row, BEFORE_DUE);
    expect(after.reported).toBe(true);
    expect(after.figureStatus).toBe("submitted");
    expect(await listWaitingFigures(db, null)).toEqual([]);
    expect((await approveFigure(db, { reportId: after.report!.id, revision: 1, actor: head, unitIds: null, now: BEFORE_DUE })).status).toBe("approval_off");
  });

  it("with approval on counts a figure only once approved, and summaries show both counts", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const row = await firstRow("I.2");
    const { reportId } = await report(row, 72, BEFORE_DUE, "u1");
    let s = await statusOf(row, BEFORE_DUE);
    expect([s.submitted, s.reported, s.figureStatus]).toEqual([true, false, "submitted"]);
    let unit = summariseByUnit(await rows(BEFORE_DUE)).find((u) => u.unitId === row.unitId)!;
    expect([unit.submitted, unit.reported]).toEqual([1, 0]);

    const waiting = await listWaitingFigures(db, [row.unitId]);
    expect(waiting.map((w) => [w.code, w.valueNumber, w.target])).toEqual([["I.2", 72, "≥ 70%"]]);
    expect((await approveFigure(db, { reportId, revision: 1, actor: head, unitIds: [row.unitId], now: BEFORE_DUE })).status).toBe("approved");
    s = await statusOf(row, BEFORE_DUE);
    expect([s.submitted, s.reported, s.figureStatus, s.onTime]).toEqual([true, true, "approved", true]);
    unit = summariseByUnit(await rows(BEFORE_DUE)).find((u) => u.unitId === row.unitId)!;
    expect([unit.submitted, unit.reported]).toEqual([1, 1]);
    expect(await listWaitingFigures(db, [row.unitId])).toEqual([]);
    expect(await auditActions(reportId)).toEqual(["report.create", "report.approve"]);
  });

  it("a returned figure goes back to submitted when corrected, and then can be approved", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const row = await firstRow("I.2");
    const { reportId } = await report(row, 27, BEFORE_DUE, "u1");
    const returned = await returnFigure(db, { reportId, revision: 1, reason: "Sai số, kiểm tra lại", actor: head, unitIds: [row.unitId], now: BEFORE_DUE });
    expect(returned.status).toBe("returned");
    expect((await statusOf(row, BEFORE_DUE)).figureStatus).toBe("returned");
    expect((await statusOf(row, BEFORE_DUE)).returnReason).toBe("Sai số, kiểm tra lại");
    expect(await listWaitingFigures(db, null)).toEqual([]);
    await report(row, 72, BEFORE_DUE, "u2");
    expect((await statusOf(row, BEFORE_DUE)).figureStatus).toBe("submitted");
    expect((await listWaitingFigures(db, null)).map((w) => w.revision)).toEqual([2]);
    expect((await approveFigure(db, { reportId, revision: 2, actor: head, unitIds: null, now: BEFORE_DUE })).status).toBe("approved");
    expect(await auditActions(reportId)).toEqual(["report.create", "report.return", "report.correct", "report.approve"]);
  });

  it("an approval of a revision that was corrected since changes nothing", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const row = await firstRow("I.2");
    const { reportId } = await report(row, 27, BEFORE_DUE, "u1");
    await report(row, 72, BEFORE_DUE, "u2");
    expect((await approveFigure(db, { reportId, revision: 1, actor: head, unitIds: null, now: BEFORE_DUE })).status).toBe("stale");
    expect((await statusOf(row, BEFORE_DUE)).figureStatus).toBe("submitted");
    expect((await approveFigure(db, { reportId, revision: 2, actor: head, unitIds: null, now: BEFORE_DUE })).status).toBe("approved");
    expect((await approveFigure(db, { reportId, revision: 2, actor: head, unitIds: null, now: BEFORE_DUE })).status).toBe("stale");
    expect(await auditActions(reportId)).toEqual(["report.create", "report.correct", "report.approve"]);
  });

  it("keeps the decision when the head who made it is deleted later (who becomes unknown, the audit row stays)", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const row = await firstRow("I.2");
    const { reportId } = await report(row, 72, BEFORE_DUE, "u1");
    const minh = await insertPerson(db, { name: "Trần Văn Minh", phone: null, unitId: row.unitId, locale: "vi" });
    expect((await approveFigure(db, { reportId, revision: 1, actor: { personId: minh.id, name: minh.name }, unitIds: [row.unitId], now: BEFORE_DUE })).status).toBe("approved");
    await deletePerson(db, minh.id);
    expect((await statusOf(row, BEFORE_DUE)).figureStatus).toBe("approved");
    expect(await peek(db, "select decided_by_person_id as who from reports where id = ?", reportId)).toEqual({ who: null });
    expect(await auditActions(reportId)).toEqual(["report.create", "report.approve"]);
  });

  it("a head of another unit can neither see nor approve the figure", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const row = await firstRow("I.2");
    const { reportId } = await report(row, 72, BEFORE_DUE, "u1");
    const otherUnit = row.unitId + 1000;
    expect(await listWaitingFigures(db, [otherUnit])).toEqual([]);
    expect((await approveFigure(db, { reportId, revision: 1, actor: head, unitIds: [otherUnit], now: BEFORE_DUE })).status).toBe("not_allowed");
    expect((await returnFigure(db, { reportId, revision: 1, reason: "x", actor: head, unitIds: [otherUnit], now: BEFORE_DUE })).status).toBe("not_allowed");
    expect((await statusOf(row, BEFORE_DUE)).figureStatus).toBe("submitted");
  });

  it("approves all shown figures at once, skipping one corrected meanwhile", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const all = (await rows(BEFORE_DUE)).filter((r) => r.subjectType === "indicator").slice(0, 3);
    for (const [n, r] of all.entries()) await report(r, 80 + n, BEFORE_DUE, `a${n}`);
    const shown = await listWaitingFigures(db, null);
    expect(shown).toHaveLength(3);
    await report(all[0]!, 99, BEFORE_DUE, "again");
    const r = await approveAllShown(db, { figures: shown.map((w) => ({ reportId: w.reportId, revision: w.revision })), actor: head, unitIds: null, now: BEFORE_DUE });
    expect(r).toEqual({ approved: 2, skipped: 1 });
    expect((await listWaitingFigures(db, null)).map((w) => w.valueNumber)).toEqual([99]);
  });
});

describe("the period lock", () => {
  it("accepts a late figure before the cutoff and marks it late; refuses after; a reopen allows it", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const row = await firstRow("I.2");
    await report(row, 72, LATE, "late");
    expect((await statusOf(row, LATE)).onTime).toBe(false);
    expect(await isFigureLocked(db, row.subjectKey, "2026-11", AFTER_LOCK)).toBe(true);
    await expect(report(row, 75, AFTER_LOCK, "after-lock")).rejects.toThrow(PeriodClosedError);
    await reopenPeriod(db, "2026-11", { name: "cli" }, AFTER_LOCK);
    expect((await report(row, 75, AFTER_LOCK, "after-reopen")).revision).toBe(2);
    await closePeriod(db, "2026-11", { name: "cli" }, AFTER_LOCK);
    await expect(report(row, 76, AFTER_LOCK, "after-close")).rejects.toThrow(PeriodClosedError);
  });

  it("refuses an approval in a locked period, and allows it once reopened", async () => {
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    const row = await firstRow("I.2");
    const { reportId } = await report(row, 72, LATE, "late");
    expect((await approveFigure(db, { reportId, revision: 1, actor: head, unitIds: null, now: AFTER_LOCK })).status).toBe("locked");
    expect((await statusOf(row, AFTER_LOCK)).figureStatus).toBe("submitted");
    await reopenPeriod(db, "2026-11", { name: "cli" }, AFTER_LOCK);
    expect((await approveFigure(db, { reportId, revision: 1, actor: head, unitIds: null, now: AFTER_LOCK })).status).toBe("approved");
  });

  it("takes the plan's own cutoff, and no automatic lock on a plan without approval", async () => {
    const row = await firstRow("I.2");
    expect(await isFigureLocked(db, row.subjectKey, "2026-11", AFTER_LOCK)).toBe(false);
    await setPlanApproval(db, planKey, true, { personId: null, name: "cli" }, BEFORE_DUE);
    await setPlanLockDays(db, planKey, 10, { personId: null, name: "cli" }, BEFORE_DUE);
    expect(await isFigureLocked(db, row.subjectKey, "2026-11", AFTER_LOCK)).toBe(false);
    expect(await isFigureLocked(db, row.subjectKey, "2026-11", new Date("2026-12-05T09:00:00Z"))).toBe(true);
  });
});
