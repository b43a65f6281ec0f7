import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reminderSnoozes } from "../../db/schema.ts";
import { isWorkingDay, localDateOf, localMinuteOfDay, parseHolidays } from "../../src/domain/working-calendar.ts";
import { DIGEST_MAX_ITEMS, type ReminderTickResult } from "../../src/services/reminders.ts";
import { reminderWorld, vn, type ReminderWorld } from "./reminder-world.ts";

const LAN = "Nguyễn Thị Lan";
const MINH = "Trần Văn Minh";
const MAI = "Đỗ Thị Mai";
const BAO = "Phạm Quốc Bảo";
const LONG = "Vũ Đức Long";
const MINH_ANH = "Nguyễn Minh Anh";
const STEP = 15 * 60_000;

/**
 * November 2026 (and the first week of December) over the demo catalogue, ticking every 15 minutes
 * of simulated time. Along the way: Lan reports one item on Friday 20/11, Mai snoozes everything
 * until Monday 23/11 12:00, Bảo snoozes one item for good.
 */
describe("a month of reminders over the demo catalogue", () => {
  let w: ReminderWorld;
  let holidays: Set<string>;
  const ticks: { at: string; result: ReminderTickResult; again: ReminderTickResult; queuedAgain: number }[] = [];
  let reportedByLan: { subjectKey: string; code: string };
  let snoozedByBao: { subjectKey: string; unitId: number };

  beforeAll(async () => {
    w = await reminderWorld();
    holidays = parseHolidays(w.config.HOLIDAYS);
    const lanItem = (await w.itemsOf(LAN)).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    reportedByLan = { subjectKey: `${lanItem.ref.subjectType === "indicator" ? "i" : "t"}:${lanItem.ref.subjectId}`, code: lanItem.code };
    const baoItem = (await w.itemsOf(BAO)).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    snoozedByBao = { subjectKey: `${baoItem.ref.subjectType === "indicator" ? "i" : "t"}:${baoItem.ref.subjectId}`, unitId: baoItem.ref.unitId };
    await w.db.insert(reminderSnoozes).values([
      { personId: w.person(MAI).id, subjectKey: null, unitId: null, until: vn("2026-11-23T12:00:00") },
      { personId: w.person(BAO).id, subjectKey: snoozedByBao.subjectKey, unitId: snoozedByBao.unitId, until: vn("2026-12-31T00:00:00") },
    ]).run();

    for (let t = vn("2026-11-01T00:00:00").getTime(); t < vn("2026-12-08T00:00:00").getTime(); t += STEP) {
      w.clock.set(new Date(t));
      if (t === vn("2026-11-20T10:00:00").getTime()) await w.report(LAN, lanItem.ref, "2026-11", 40);
      const result = await w.tick();
      if (result.digests + result.escalations > 0) {
        // The same minute again (a second process, a retried job): nothing new may be queued.
        const before = await w.outboxCount();
        const again = await w.tick();
        ticks.push({ at: new Date(t).toISOString(), result, again, queuedAgain: await w.outboxCount() - before });
      }
    }
  }, 120_000);
  afterAll(() => w.remove());

  const digestsOf = async (name: string) => (await w.messages()).filter((m) => m.person === name && m.kind === "reminder");
  const schedule = async (name: string) => (await digestsOf(name)).map((m) => `${m.at} ${[...new Set(m.lines.map((l) => (l.kind === "before" ? `before ${l.offsetDays}` : l.kind)))].join(" + ")} (${m.lines.length})`);

  it("reminds Nguyễn Thị Lan on these mornings, one digest each: long-overdue tasks 3 times, then 7/3/1 days before 25/11 (Sunday 22/11 → Monday), the day, overdue every 2nd working day, and the one-off items due Saturday 05/12", async () => {
    expect(await schedule(LAN)).toEqual([
      "2026-11-02 08:00 overdue (5)",
      "2026-11-04 08:00 overdue (5)",
      "2026-11-06 08:00 overdue (5)",
      "2026-11-18 08:00 before 7 (42)",
      "2026-11-23 08:00 before 3 (41)",
      "2026-11-24 08:00 before 1 (41)",
      "2026-11-25 08:00 due_day (41)",
      "2026-11-26 08:00 overdue (41)",
      // 28/11 (7 days before 05/12) is a Saturday: Monday, together with the second overdue reminder.
      "2026-11-30 08:00 overdue + before 7 (91)",
      "2026-12-02 08:00 overdue + before 3 (91)",
      // The 1-day and due-day reminders of Saturday 05/12 both go on Friday 04/12; the monthly items had their 3 overdue reminders.
      "2026-12-04 08:00 due_day (50)",
      "2026-12-07 08:00 overdue (50)",
    ]);
  });

  it("writes each digest in the person's language", async () => {
    expect((await digestsOf(LAN))[3]!.text).toMatch(/^🔔 Nhắc báo cáo: anh\/chị có 42 chỉ tiêu, nhiệm vụ cần báo cáo\.\n#\d+ \[/);
    expect((await digestsOf(LAN))[3]!.text).toContain("kỳ tháng 11/2026, hạn 16:00 25/11 — còn 7 ngày");
    expect((await digestsOf(MINH_ANH)).length).toBeGreaterThan(0);
    for (const m of await digestsOf(MINH_ANH)) expect(m.text).toMatch(/^🔔 Reminder: you have /);
    expect((await digestsOf(MINH_ANH)).find((m) => m.at.startsWith("2026-11-18"))!.text).toContain("period 11/2026, due 16:00 25/11 — 7 day(s) left");
  });

  it("never queues anything in the quiet hours, on a weekend or on a holiday", async () => {
    const all = await w.messages();
    expect(all.length).toBeGreaterThan(50);
    for (const m of all) {
      for (const instant of [m.createdAt, m.nextAttemptAt]) {
        expect(isWorkingDay(localDateOf(instant), holidays), `${m.at} ${m.person}`).toBe(true);
        expect(localMinuteOfDay(instant), `${m.at} ${m.person}`).toBeGreaterThanOrEqual(8 * 60);
        expect(localMinuteOfDay(instant), `${m.at} ${m.person}`).toBeLessThan(21 * 60);
      }
    }
  });

  it("sends a digest, never a message per item: at most one per person per run (and per day here), listing every due line", async () => {
    const seen = new Set<string>();
    for (const m of (await w.messages()).filter((x) => x.kind === "reminder")) {
      const day = `${m.person} ${m.at.slice(0, 10)}`;
      expect(seen.has(day), day).toBe(false);
      seen.add(day);
      const n = m.lines.length;
      expect(n).toBeGreaterThan(0);
      const numbered = m.text.split("\n").filter((l) => /^#\d+ \[/.test(l));
      expect(numbered).toHaveLength(Math.min(n, DIGEST_MAX_ITEMS));
      if (n > 1) expect(m.text).toContain(m.text.startsWith("🔔 Reminder") ? `you have ${n} indicators` : `có ${n} chỉ tiêu`);
      if (n > DIGEST_MAX_ITEMS) expect(m.text).toMatch(new RegExp(`(và|and) ${n - DIGEST_MAX_ITEMS} (mục khác|more)`));
      expect(m.choices.map((c) => c.id.replace(/\.[0-9a-z]+$/, ""))).toEqual(numbered.map((_, i) => `c${i + 1}`));
      for (const c of m.choices) expect(c.label.length).toBeLessThanOrEqual(64);
    }
    for (const t of ticks) {
      const people = (await w.messages()).filter((m) => m.kind === "reminder" && m.createdAt.toISOString() === t.at).map((m) => m.person);
      expect(new Set(people).size, t.at).toBe(people.length);
    }
  });

  it("queues nothing when the same tick runs twice", () => {
    expect(ticks.length).toBeGreaterThan(10);
    for (const t of ticks) {
      expect(t.again, t.at).toMatchObject({ digests: 0, escalations: 0, lines: 0 });
      expect(t.queuedAgain, t.at).toBe(0);
    }
  });

  it("stops reminding an item once it is reported", async () => {
    const lines = (await w.deliveriesOf(LAN)).filter((d) => d.subjectKey === reportedByLan.subjectKey && d.periodKey === "2026-11");
    expect(lines.map((d) => `${d.localDate} ${d.kind}`)).toEqual(["2026-11-18 before"]);
    expect((await w.deliveriesOf(MINH)).some((d) => d.subjectKey === reportedByLan.subjectKey && d.periodKey === "2026-11")).toBe(false);
  });

  it("holds back snoozed reminders: all of Mai's until Monday 12:00, then the current one; one item of Bảo's for good", async () => {
    expect((await schedule(MAI)).slice(0, 3)).toEqual(["2026-11-23 12:00 before 3 (22)", "2026-11-24 08:00 before 1 (22)", "2026-11-25 08:00 due_day (22)"]);
    expect((await w.deliveriesOf(BAO)).some((d) => d.subjectKey === snoozedByBao.subjectKey && d.unitId === snoozedByBao.unitId)).toBe(false);
    expect((await w.deliveriesOf(BAO)).filter((d) => d.localDate === "2026-11-18")).toHaveLength(29);
  });

  it("escalates to the unit head once per item, N days after the deadline, with who owes what — offices included", async () => {
    const escalations = (await w.messages()).filter((m) => m.kind === "escalation" && m.person === MINH);
    expect(escalations.map((m) => `${m.at} (${m.lines.length})`)).toEqual(["2026-11-02 08:00 (5)", "2026-11-30 08:00 (97)"]);
    const keys = escalations.flatMap((m) => m.lines.map((l) => `${l.subjectKey}|${l.unitId}|${l.periodKey}`));
    expect(new Set(keys).size).toBe(keys.length);
    const monthly = escalations[1]!;
    expect(monthly.text).toMatch(/^⚠ Việc quá hạn cần đôn đốc: 97 việc\./);
    // Every unit with its count, the one owing most first, then item lines while they fit.
    // Offices nobody was named focal point for say so, rather than hiding the items.
    expect(monthly.text.split("\n").filter((l) => /^[^•].* việc quá hạn \(/.test(l))).toEqual([
      "Sở Khoa học và Công nghệ: 41 việc quá hạn (Nguyễn Thị Lan)",
      "Phòng Quản lý Công nghệ và Chuyên ngành: 19 việc quá hạn (chưa có đầu mối)",
      "Văn phòng Sở: 11 việc quá hạn (chưa có đầu mối)",
      "Phòng Chuyển đổi số: 9 việc quá hạn (Vũ Đức Long)",
      "Phòng Quản lý khoa học: 8 việc quá hạn (chưa có đầu mối)",
      "Phòng Quản lý Bưu chính, Viễn thông: 5 việc quá hạn (chưa có đầu mối)",
      "Phòng Tài chính: 4 việc quá hạn (chưa có đầu mối)",
    ]);
    expect(monthly.text).toMatch(/\n• \[[^\]]+\] .+ — Nguyễn Thị Lan — quá hạn 5 ngày \(hạn 16:00 25\/11\)\n/);
    expect(monthly.text).toContain("… và 85 việc khác.");
    // Vũ Đức Long's office has no head of its own: its items reach the department's head.
    expect(monthly.lines.filter((l) => l.unitId === w.person(LONG).unitId)).toHaveLength(9);
    expect(monthly.lines.some((l) => l.subjectKey === reportedByLan.subjectKey && l.periodKey === "2026-11")).toBe(false);
    // Focal points do not get escalations; the head of Sở Tài chính gets their unit's.
    expect((await w.messages()).filter((m) => m.kind === "escalation").map((m) => m.person).sort()).toEqual([MINH, MINH, "Hoàng Văn Nam", "Hoàng Văn Nam"].sort());
    expect((await digestsOf(LONG)).length).toBeGreaterThan(0);
  });
});

describe("a holiday in the middle of the reminders", () => {
  it("sends nothing on the holiday (Tuesday 24/11 here): its 1-day reminder joins the due-day one", async () => {
    const w = await reminderWorld({ HOLIDAYS: "2026-09-01..2026-09-02,2026-11-24" });
    try {
      for (let t = vn("2026-11-20T00:00:00").getTime(); t < vn("2026-11-28T00:00:00").getTime(); t += STEP) {
        w.clock.set(new Date(t));
        await w.tick();
      }
      const lan = (await w.messages()).filter((m) => m.person === LAN);
      // The tasks overdue since the spring (first reminded on 20/11 in this run) come back every 2nd
      // working day, the holiday not counted: 20/11, 25/11, 27/11.
      expect(lan.map((m) => `${m.at} ${[...new Set(m.lines.map((l) => l.kind))].join("+")}`)).toEqual([
        "2026-11-20 08:00 overdue+before",
        "2026-11-23 08:00 before",
        "2026-11-25 08:00 overdue+due_day",
        "2026-11-26 08:00 overdue",
        "2026-11-27 08:00 overdue",
      ]);
      expect((await w.messages()).filter((m) => m.at.startsWith("2026-11-24"))).toEqual([]);
    } finally {
      w.remove();
    }
  });
});
