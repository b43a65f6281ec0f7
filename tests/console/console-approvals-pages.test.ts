import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { indicators, reports, units } from "../../db/schema.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { APPROVALS_PAGE_SIZE } from "../../src/console/pages/approvals-page.ts";
import { reportFigure } from "../../src/services/reporting.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, sessionFor } from "./console-session.ts";

type Session = { cookie: string; csrf: string };

/**
 * Many figures waiting: the approvals page shows them a page at a time, and "approve all shown"
 * covers the page in front of the head — one form the console's form limit (16 KB) always takes.
 */
describe("console approvals, a page at a time", () => {
  let s: TestApp;
  let coordinator: Session;
  let head: Session;
  const waiting = 2 * APPROVALS_PAGE_SIZE + 30;
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
    coordinator = await sessionFor(s, demo.coordinator.phone, demo.coordinator.code);
    head = await sessionFor(s, demo.headKhcn.phone, demo.headKhcn.code);
    const periods = await (await get("/console/periods", coordinator.cookie)).text();
    for (const plan of new Set([...periods.matchAll(/name="plan" value="([^"]+)"/g)].map((m) => m[1]!))) {
      expect(done(await post("/console/plans/approval", coordinator, { plan, on: "1" }))).toBe("plan_saved");
      expect(done(await post("/console/plans/lock-days", coordinator, { plan, days: "365" }))).toBe("plan_saved");
    }
    // 230 figures of the head's unit: 23 indicators × 10 months.
    const unitId = (await s.db.select().from(units).where(eq(units.name, "Sở Khoa học và Công nghệ")).get())!.id;
    const person = (await findPersonByPhone(s.db, demo.focal.phone))!;
    const items = (await s.db.select({ id: indicators.id }).from(indicators).all()).slice(0, waiting / 10);
    expect(items).toHaveLength(waiting / 10);
    for (const { id } of items) {
      for (let month = 1; month <= 10; month++) {
        await reportFigure(s.db, { subjectType: "indicator", subjectId: id, unitId, periodKey: `2026-${String(month).padStart(2, "0")}`, valueNumber: month, valueText: null, taskStatus: null, note: null, evidence: [], personId: person.id, channel: "telegram", sourceRef: null, now: s.clock.now() });
      }
    }
  }, 120_000);
  afterAll(async () => s.close());

  const get = (path: string, cookie: string) => fetch(`${s.base}${path}`, { redirect: "manual", headers: { cookie } });
  const post = async (path: string, session: Session, form: Record<string, string | string[]>) => {
    const body = new URLSearchParams({ _csrf: session.csrf });
    for (const [k, v] of Object.entries(form)) for (const x of [v].flat()) body.append(k, x);
    return await fetch(`${s.base}${path}`, { method: "POST", redirect: "manual", headers: { cookie: session.cookie, "content-type": "application/x-www-form-urlencoded" }, body });
  };
  const done = (r: Response) => new URL(r.headers.get("location") ?? "/", s.base).searchParams.get("done");
  const shownOn = (html: string) => [...html.matchAll(/name="f" value="(\d+:\d+)"/g)].map((m) => m[1]!);
  const figuresOn = (html: string) => [...html.matchAll(/<li class="figure" data-report="(\d+)"/g)].map((m) => Number(m[1]));

  it("shows 100 figures a page with the total, page links, and every figure exactly once across the pages", async () => {
    const first = await (await get("/console/approvals", head.cookie)).text();
    expect(first).toContain(`${waiting} số liệu chờ duyệt`);
    expect(first).toContain("Trang 1/3");
    expect(first).toContain('href="/console/approvals?page=2" rel="next"');
    expect(first).not.toContain('rel="prev"');
    expect(first).toContain(`Duyệt tất cả ${APPROVALS_PAGE_SIZE} số liệu trên trang này`);
    const seen: number[] = [];
    for (let page = 1; page <= 3; page++) {
      const html = await (await get(`/console/approvals?page=${page}`, head.cookie)).text();
      const ids = figuresOn(html);
      expect(ids).toHaveLength(page < 3 ? APPROVALS_PAGE_SIZE : 30);
      expect(shownOn(html).map((f) => Number(f.split(":")[0]))).toEqual(ids);
      seen.push(...ids);
    }
    expect(new Set(seen).size).toBe(waiting);
    const last = await (await get("/console/approvals?page=3", head.cookie)).text();
    expect(last).toContain('href="/console/approvals?page=2" rel="prev"');
    expect(last).not.toContain('rel="next"');
    // Out of range or not a number: the nearest page, never an error.
    expect(figuresOn(await (await get("/console/approvals?page=99", head.cookie)).text())).toEqual(figuresOn(last));
    expect(figuresOn(await (await get("/console/approvals?page=abc", head.cookie)).text())).toEqual(figuresOn(first));
  });

  it("approves all shown on a page, in one form under the form limit, and leaves the other pages waiting", async () => {
    const page2 = await (await get("/console/approvals?page=2", head.cookie)).text();
    const shown = shownOn(page2);
    const form = new URLSearchParams({ _csrf: head.csrf, confirm: "1" });
    for (const f of shown) form.append("f", f);
    expect(form.toString().length).toBeLessThan(16_384);
    const confirm = await post("/console/approvals/approve-all", head, { f: shown });
    expect(confirm.status).toBe(200);
    expect(await confirm.text()).toContain(`Duyệt ${APPROVALS_PAGE_SIZE} số liệu đang hiển thị?`);
    const r = await post("/console/approvals/approve-all", head, { f: shown, confirm: "1" });
    expect(done(r)).toBe("approved_all");
    expect(new URL(r.headers.get("location")!, s.base).searchParams.get("n")).toBe(String(APPROVALS_PAGE_SIZE));
    for (const f of shown) expect((await s.db.select().from(reports).where(eq(reports.id, Number(f.split(":")[0]))).get())!.figureStatus).toBe("approved");
    const after = await (await get("/console/approvals", head.cookie)).text();
    expect(after).toContain(`${waiting - APPROVALS_PAGE_SIZE} số liệu chờ duyệt`);
    expect(after).toContain("Trang 1/2");
    // More than a page in one post is refused, and nothing is approved.
    const tooMany = [...shownOn(after), ...shownOn(await (await get("/console/approvals?page=2", head.cookie)).text())];
    expect(tooMany.length).toBe(waiting - APPROVALS_PAGE_SIZE);
    expect(done(await post("/console/approvals/approve-all", head, { f: tooMany, confirm: "1" }))).toBe("not_found");
    expect(await (await get("/console/approvals", head.cookie)).text()).toContain(`${waiting - APPROVALS_PAGE_SIZE} số liệu chờ duyệt`);
  });
});
