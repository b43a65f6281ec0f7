import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { and, eq } from "drizzle-orm";
import { auditLog, outbox, reports, units } from "../../db/schema.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { reportFigure } from "../../src/services/reporting.ts";
import { reportingStatus } from "../../src/services/reporting-status.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, devSay, reportWithEvidence, sessionFor } from "./console-session.ts";

type Session = { cookie: string; csrf: string };

/** Approvals and the period lock in the console, over HTTP: the same services (and audit rows, and notices) as chat. */
describe("console approvals and lock", () => {
  let s: TestApp;
  let coordinator: Session;
  let headKhcn: Session;
  let headTc: Session;
  let first: { reportId: number };
  const khcn = "Sở Khoa học và Công nghệ";
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    headKhcn = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
    headTc = await sessionFor(s, demo.headTc.phone, demo.headTc.code);
    await devSay(s, demo.focal.phone, demo.focal.code); // linked: a returned figure reaches them
  }, 60_000);
  afterAll(async () => s.close());

  const get = (path: string, cookie: string) => fetch(`${s.base}${path}`, { redirect: "manual", headers: { cookie } });
  const post = async (path: string, session: Session | { cookie: string; csrf?: string }, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams();
    if (session.csrf) body.append("_csrf", session.csrf);
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return await fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" }, body });
  };
  const done = (r: Response) => new URL(r.headers.get("location") ?? "/", s.base).searchParams.get("done");
  const statusOf = async (reportId: number) => (await s.db.select().from(reports).where(eq(reports.id, reportId)).get())!;
  const audits = (action: string) => s.db.select().from(auditLog).where(eq(auditLog.action, action)).all();

  it("lets a coordinator turn approval on and set the cutoff per plan (audited); a unit head cannot see or post", async () => {
    const page = await (await get("/console/periods", coordinator.cookie)).text();
    const plans = [...page.matchAll(/name="plan" value="([^"]+)"/g)].map((m) => m[1]!);
    expect(plans.length).toBeGreaterThan(0);
    for (const plan of new Set(plans)) {
      expect(done(await post("/console/plans/approval", coordinator, { plan, on: "1" }))).toBe("plan_saved");
      expect(done(await post("/console/plans/lock-days", coordinator, { plan, days: "365" }))).toBe("plan_saved");
    }
    expect(done(await post("/console/plans/lock-days", coordinator, { plan: plans[0]!, days: "-1" }))).toBe("bad_days");
    expect((await audits("plan.approval")).length).toBe(new Set(plans).size);
    expect((await audits("plan.lock_days")).length).toBe(new Set(plans).size);
    expect(await (await get("/console/periods", coordinator.cookie)).text()).toContain("đang bật");

    expect((await get("/console/periods", headKhcn.cookie)).status).toBe(403);
    expect((await post("/console/plans/approval", headKhcn, { plan: plans[0]!, on: "0" })).status).toBe(403);
    expect((await post("/console/periods/2026-10/close", headKhcn, {})).status).toBe(403);
    expect((await audits("plan.approval")).length).toBe(new Set(plans).size);
    // The nav: heads see approvals, not the lock settings.
    const headPage = await (await get("/console", headKhcn.cookie)).text();
    expect(headPage).toContain('href="/console/approvals"');
    expect(headPage).not.toContain('href="/console/periods"');
  });

  it("shows a head their unit's waiting figures, grouped by item, with value, target, previous, evidence and sender", async () => {
    first = await reportWithEvidence(s);
    const now = s.clock.now();
    const person = (await findPersonByPhone(s.db, demo.focal.phone))!;
    const rows = (await reportingStatus(s.db, { periodKey: "2026", now })).filter((r) => r.unitName === khcn && r.subjectType === "indicator" && r.expected && !r.report);
    for (const row of rows.slice(0, 2)) {
      await reportFigure(s.db, { subjectType: row.subjectType, subjectId: row.subjectId, unitId: row.unitId, periodKey: row.periodKey, valueNumber: 5, valueText: null, taskStatus: null, note: null, evidence: [], personId: person.id, channel: "telegram", sourceRef: null, now });
    }
    const page = await (await get("/console/approvals", headKhcn.cookie)).text();
    expect(page).toContain("3 số liệu chờ duyệt");
    expect(page).toContain("<b class=\"value\">72");
    expect(page).toContain("Nguyễn Thị Lan");
    expect(page).toContain(`href="/console/reports/${first.reportId}"`);
    expect(page).toContain("Xem 1 minh chứng");
    expect(page).toContain(`name="revision" value="2"`);
    // Another unit's head: none of it, and a decision by POST is refused.
    const other = await (await get("/console/approvals", headTc.cookie)).text();
    expect(other).not.toContain(`value="${first.reportId}"`);
    const approveOther = await post("/console/approvals/approve", headTc, { reportId: String(first.reportId), revision: "2" });
    expect(approveOther.status).toBe(403);
    expect(await approveOther.text()).toContain("không thuộc đơn vị của anh/chị");
    expect((await post("/console/approvals/return", headTc, { reportId: String(first.reportId), revision: "2", reason: "x" })).status).toBe(403);
    expect((await post("/console/approvals/approve", headKhcn, { reportId: "999999", revision: "1" })).status).toBe(404);
    expect((await get(`/console/reports/${first.reportId}`, headTc.cookie)).status).toBe(404);
    expect((await statusOf(first.reportId)).figureStatus).toBe("submitted");
    expect((await audits("report.return")).length).toBe(0);
  });

  it("refuses a POST without the CSRF token", async () => {
    const r = await post("/console/approvals/approve", { cookie: headKhcn.cookie }, { reportId: String(first.reportId), revision: "2" });
    expect(r.status).toBe(403);
    expect((await statusOf(first.reportId)).figureStatus).toBe("submitted");
  });

  it("says a decision on an old revision is stale and changes nothing; then approves the revision shown", async () => {
    expect(done(await post("/console/approvals/approve", headKhcn, { reportId: String(first.reportId), revision: "1" }))).toBe("stale");
    expect((await statusOf(first.reportId)).figureStatus).toBe("submitted");
    const stalePage = await (await get("/console/approvals?done=stale&n=0", headKhcn.cookie)).text();
    expect(stalePage).toContain("không thay đổi gì");
    expect(done(await post("/console/approvals/approve", headKhcn, { reportId: String(first.reportId), revision: "2" }))).toBe("approved");
    expect((await statusOf(first.reportId)).figureStatus).toBe("approved");
    expect((await audits("report.approve")).some((a) => a.entityId === String(first.reportId))).toBe(true);
    // Where the console shows figures: the report page and the unit page say it.
    expect(await (await get(`/console/reports/${first.reportId}`, headKhcn.cookie)).text()).toContain("đã duyệt");
  });

  it("returns a figure only with a reason, and queues the sender's notice with it", async () => {
    const page = await (await get("/console/approvals", headKhcn.cookie)).text();
    const [, reportId, revision] = /name="reportId" value="(\d+)"><input type="hidden" name="revision" value="(\d+)"/.exec(page)!;
    expect(done(await post("/console/approvals/return", headKhcn, { reportId: reportId!, revision: revision!, reason: "   " }))).toBe("reason_required");
    expect((await statusOf(Number(reportId))).figureStatus).toBe("submitted");
    expect(done(await post("/console/approvals/return", headKhcn, { reportId: reportId!, revision: revision!, reason: "Thiếu biên bản nghiệm thu" }))).toBe("returned");
    const row = await statusOf(Number(reportId));
    expect([row.figureStatus, row.returnReason]).toEqual(["returned", "Thiếu biên bản nghiệm thu"]);
    const notice = await s.db.select().from(outbox).where(and(eq(outbox.dedupKey, `returned:${reportId}:${revision}`), eq(outbox.kind, "notice"))).get();
    expect(notice?.personId).toBe((await findPersonByPhone(s.db, demo.focal.phone))!.id);
    expect(JSON.stringify(notice?.payload)).toContain("Thiếu biên bản nghiệm thu");
    const unitId = (await s.db.select().from(units).where(eq(units.name, khcn)).get())!.id;
    const unitPage = await (await get(`/console/units/${unitId}?period=2026`, headKhcn.cookie)).text();
    expect(unitPage).toContain("trả lại: Thiếu biên bản nghiệm thu");
  });

  it("refuses a decision on a figure corrected after the page was shown, and approves all shown after one confirmation", async () => {
    const page = await (await get("/console/approvals", headKhcn.cookie)).text();
    const shown = [...page.matchAll(/name="f" value="(\d+:\d+)"/g)].map((m) => m[1]!);
    expect(shown.length).toBe(1);
    // The focal point corrects the figure while the head looks at the old value.
    const [reportId, revision] = shown[0]!.split(":").map(Number) as [number, number];
    const old = await statusOf(reportId);
    const person = (await findPersonByPhone(s.db, demo.focal.phone))!;
    const subject = old.subjectKey.split(":");
    await reportFigure(s.db, { subjectType: subject[0] === "i" ? "indicator" : "task", subjectId: Number(subject[1]), unitId: old.unitId, periodKey: old.periodKey, valueNumber: 6, valueText: null, taskStatus: null, note: null, evidence: [], personId: person.id, channel: "telegram", sourceRef: null, now: s.clock.now() });
    expect((await statusOf(reportId)).revision).toBe(revision + 1);
    const stale = await post("/console/approvals/approve-all", headKhcn, { f: shown, confirm: "1" });
    expect(done(stale)).toBe("stale");
    expect((await statusOf(reportId)).figureStatus).toBe("submitted");
    expect(done(await post("/console/approvals/approve", headKhcn, { reportId: String(reportId), revision: String(revision) }))).toBe("stale");
    expect((await statusOf(reportId)).figureStatus).toBe("submitted");
    shown[0] = `${reportId}:${revision + 1}`;
    const confirm = await post("/console/approvals/approve-all", headKhcn, { f: shown });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain("Xác nhận duyệt tất cả");
    expect((await statusOf(Number(shown[0]!.split(":")[0]))).figureStatus).toBe("submitted");
    const r = await post("/console/approvals/approve-all", headKhcn, { f: shown, confirm: "1" });
    expect(done(r)).toBe("approved_all");
    expect((await statusOf(Number(shown[0]!.split(":")[0]))).figureStatus).toBe("approved");
    expect(await (await get("/console/approvals", headKhcn.cookie)).text()).toContain("Không có số liệu nào chờ duyệt");
    // The overview says both counts when a plan asks for approval: 3 sent, one returned; 2 approved.
    expect(await (await get("/console?period=2026", headKhcn.cookie)).text()).toContain("2 đã nộp, 2 đã duyệt");
  });

  it("lets a coordinator close and reopen a period (audited) and shows its state", async () => {
    expect(done(await post("/console/periods/2026-10/close", coordinator, {}))).toBe("closed");
    expect(await (await get("/console/periods", coordinator.cookie)).text()).toMatch(/data-period="2026-10"><td>[^<]*<\/td><td class="warn">đã khóa sổ/);
    expect(done(await post("/console/periods/2026-10/reopen", coordinator, {}))).toBe("reopened");
    expect(await (await get("/console/periods", coordinator.cookie)).text()).toMatch(/data-period="2026-10"><td>[^<]*<\/td><td class="ok">đã mở lại/);
    expect((await audits("period.close")).map((a) => a.entityId)).toContain("2026-10");
    expect((await audits("period.reopen")).map((a) => a.entityId)).toContain("2026-10");
    expect((await post("/console/periods/2026-10/close", { cookie: coordinator.cookie }, {})).status).toBe(403);
  });
});
