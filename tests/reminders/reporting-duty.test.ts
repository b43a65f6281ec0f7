import { afterEach, describe, expect, it } from "vitest";
import { indicators, tasks } from "../../db/schema.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { reportingStatus, summariseByUnit } from "../../src/services/reporting-status.ts";
import { changeUnitStanding, setPlanTrackFrom, setProvinceTrackFrom } from "../../src/services/unit-standing.ts";
import { reminderWorld, vn, type ReminderWorld } from "./reminder-world.ts";

const cli = { personId: null, name: "test" };

/**
 * Which unit owes what and from when (src/domain/reporting-duty.ts), seen by each consumer through
 * its own boundary on the demo province: the reminder tick's outbox, the chat host's replies, the
 * read model's summary.
 */
describe("units that owe nothing and periods before tracking started", { timeout: 120_000 }, () => {
  let world: ReminderWorld | undefined;
  afterEach(() => world?.remove());

  const reply = async (w: ReminderWorld, name: string, text: string) => (await w.send(w.chatOf(name), { text })).replies.map((r) => r.text).join("\n");
  const peopleMessaged = async (w: ReminderWorld, from: number) => (await w.messages()).slice(from).map((m) => `${m.person}:${m.kind}`);

  it("a deactivated unit's people get no reminders, overdue lines or escalations; its chat lists and views show nothing owed", async () => {
    const w = (world = await reminderWorld());
    // 30 November 2026, a Monday: the November figures (due the 25th) are 5 days late — overdue lines and escalations.
    w.clock.set(vn("2026-11-30T08:30:00"));
    await changeUnitStanding(w.db, "Sở Tài chính", "deactivate", cli, w.clock.now());
    await w.tick();
    const first = await peopleMessaged(w, 0);
    expect(first).toContain("Nguyễn Thị Lan:reminder");
    expect(first).toContain("Trần Văn Minh:escalation");
    expect(first.filter((m) => m.startsWith("Phạm Quốc Bảo") || m.startsWith("Hoàng Văn Nam"))).toEqual([]);

    // Chat: the focal point has nothing to report, the head nothing overdue; the province summary leaves the unit out.
    expect(await reply(w, "Phạm Quốc Bảo", "/chitieu")).toContain("chưa được giao chỉ tiêu, nhiệm vụ nào");
    expect(await reply(w, "Hoàng Văn Nam", "/quahan")).toContain("không có việc quá hạn hay sắp đến hạn");
    expect(await reply(w, "Lê Thu Hà", "/tonghop")).not.toContain("Sở Tài chính");
    expect(summariseByUnit(await reportingStatus(w.db, { periodKey: "2026-11", now: w.clock.now() })).map((s) => s.unitName)).not.toContain("Sở Tài chính");

    // Reactivated: the same moment's tick reaches them, and the chat owes again.
    await changeUnitStanding(w.db, "Sở Tài chính", "reactivate", cli, w.clock.now());
    const before = (await w.messages()).length;
    await w.tick();
    const second = await peopleMessaged(w, before);
    expect(second).toContain("Phạm Quốc Bảo:reminder");
    expect(second).toContain("Hoàng Văn Nam:escalation");
    expect(await reply(w, "Hoàng Văn Nam", "/quahan")).toMatch(/Sở Tài chính: [1-9]\d* việc quá hạn/);
    expect(await reply(w, "Lê Thu Hà", "/tonghop")).toContain("Sở Tài chính");
  });

  it("a ministry outside the province is in no summary, denominator or overdue count, but its reports stay readable", async () => {
    const w = (world = await reminderWorld());
    w.clock.set(vn("2026-11-30T08:30:00"));
    const now = w.clock.now();
    // The demo marks the ministries its plans name as outside the province; brought inside first to watch the change.
    await changeUnitStanding(w.db, "Bộ Công an", "internal", cli, now);
    const owedBefore = summariseByUnit(await reportingStatus(w.db, { periodKey: "2026-11", now })).find((s) => s.unitName === "Bộ Công an");
    expect(owedBefore?.expected).toBeGreaterThan(0);
    expect(await reply(w, "Lê Thu Hà", "/tonghop")).toContain("Bộ Công an");
    await changeUnitStanding(w.db, "Bộ Công an", "external", cli, now);
    const rows = await reportingStatus(w.db, { periodKey: "2026-11", now });
    expect(rows.filter((r) => r.unitName === "Bộ Công an")).toEqual([]);
    expect(summariseByUnit(rows).map((s) => s.unitName)).not.toContain("Bộ Công an");
    expect(await reply(w, "Lê Thu Hà", "/tonghop")).not.toContain("Bộ Công an");
  });

  it("nothing due before the province's track-from date is overdue, reminded or escalated; it may still be reported", async () => {
    const w = (world = await reminderWorld());
    w.clock.set(vn("2026-11-30T08:30:00"));
    await setProvinceTrackFrom(w.db, vn("2026-12-01T00:00:00"), cli, w.clock.now());
    await w.tick();
    const lines = (await w.messages()).flatMap((m) => m.lines);
    expect(lines.filter((l) => l.kind === "overdue" || l.kind === "escalation")).toEqual([]);
    expect((await w.messages()).filter((m) => m.kind === "escalation")).toEqual([]);
    // December's items may be due soon; nothing of November is overdue.
    expect(await reply(w, "Trần Văn Minh", "/quahan")).toContain("Sở Khoa học và Công nghệ: 0 việc quá hạn");
    // The read model: not expected (no denominator), never "overdue", the figure still welcome.
    const november = (await reportingStatus(w.db, { periodKey: "2026-11", now: w.clock.now() })).filter((r) => r.role !== null);
    expect(november.length).toBeGreaterThan(0);
    expect(november.every((r) => !r.expected && r.state === "untracked")).toBe(true);
    expect(summariseByUnit(november)).toEqual([]);
    const item = (await w.itemsOf("Nguyễn Thị Lan")).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    expect(item.periods.find((p) => p.key === "2026-11")!.status).toBe("untracked");
    await w.report("Nguyễn Thị Lan", item.ref, "2026-11", 12);
    expect((await reportingStatus(w.db, { periodKey: "2026-11", now: w.clock.now() })).find((r) => r.subjectKey === `${item.ref.subjectType === "indicator" ? "i" : "t"}:${item.ref.subjectId}` && r.unitId === item.ref.unitId)?.reported).toBe(true);

    // Without the date, the same moment chases the month.
    await setProvinceTrackFrom(w.db, null, cli, w.clock.now());
    const before = (await w.messages()).length;
    await w.tick();
    const after = (await w.messages()).slice(before);
    expect(after.flatMap((m) => m.lines).some((l) => l.kind === "overdue")).toBe(true);
    expect(after.some((m) => m.kind === "escalation")).toBe(true);
  });

  it("a plan's own track-from date wins over the province's, for that plan's items only", async () => {
    const w = (world = await reminderWorld());
    w.clock.set(vn("2026-11-30T08:30:00"));
    const planOf = new Map<string, number>([
      ...(await w.db.select({ id: indicators.id, planId: indicators.planId }).from(indicators).all()).map((r) => [`i:${r.id}`, r.planId] as [string, number]),
      ...(await w.db.select({ id: tasks.id, planId: tasks.planId }).from(tasks).all()).map((r) => [`t:${r.id}`, r.planId] as [string, number]),
    ]);
    // The plan with the most November lines goes quiet; the others are still chased.
    const november = (await reportingStatus(w.db, { periodKey: "2026-11", now: w.clock.now() })).filter((r) => r.expected && r.state === "overdue");
    const counts = new Map<number, number>();
    for (const r of november) counts.set(r.planId, (counts.get(r.planId) ?? 0) + 1);
    const [quiet] = [...counts].sort((a, b) => b[1] - a[1])[0]!;
    expect(counts.size).toBeGreaterThan(1);
    const plan = (await listPlans(w.db)).find((p) => p.id === quiet)!;
    await setPlanTrackFrom(w.db, plan.key, vn("2026-12-01T00:00:00"), cli, w.clock.now());
    await w.tick();
    const overdue = (await w.messages()).flatMap((m) => m.lines).filter((l) => l.kind === "overdue" || l.kind === "escalation");
    expect(overdue.length).toBeGreaterThan(0);
    expect(overdue.filter((l) => planOf.get(l.subjectKey) === quiet)).toEqual([]);
    const rows = await reportingStatus(w.db, { periodKey: "2026-11", now: w.clock.now() });
    expect(rows.filter((r) => r.planId === quiet && r.expected)).toEqual([]);
    expect(rows.some((r) => r.planId !== quiet && r.expected && r.state === "overdue")).toBe(true);
  });
});
