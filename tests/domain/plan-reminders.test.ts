import { describe, expect, it } from "vitest";
import { planReminders, plansAhead, type AssignmentPeriod, type ReminderRules, type SentReminder, type Snooze } from "../../src/domain/plan-reminders.ts";
import { parseHolidays, parseQuietHours } from "../../src/domain/working-calendar.ts";

/** Local wall-clock time in Hanoi → instant. */
const vn = (local: string) => new Date(`${local}+07:00`);

const rules = (over: Partial<ReminderRules> = {}): ReminderRules => ({
  offsetsDays: [7, 3, 1],
  reminderHour: 8,
  overdueEveryWorkingDays: 2,
  overdueMax: 3,
  escalateAfterDays: 3,
  quiet: parseQuietHours("21:00-07:00"),
  holidays: parseHolidays("2026-01-01,2026-02-14..2026-02-22,2026-04-30,2026-05-01,2026-09-01..2026-09-02"),
  snoozes: [],
  ...over,
});

const item = (over: Partial<AssignmentPeriod> = {}): AssignmentPeriod => ({
  personIds: [1],
  headPersonIds: [9],
  subjectKey: "i:3",
  unitId: 1,
  periodKey: "2026-11",
  dueAt: vn("2026-11-25T16:00:00"),
  reported: false,
  closed: false,
  ...over,
});

/**
 * Ticks every `stepMinutes` from `from` to `to` (local), recording what each tick plans as if it
 * had been sent (the deliveries the service writes), and returns "date time who kind offset".
 */
function simulate(items: AssignmentPeriod[], from: string, to: string, r: ReminderRules = rules(), stepMinutes = 60): string[] {
  const state = items.map((i) => ({ ...i, sent: [...(i.sent ?? [])] as SentReminder[] }));
  const out: string[] = [];
  for (let t = vn(from).getTime(); t <= vn(to).getTime(); t += stepMinutes * 60_000) {
    const now = new Date(t);
    const plan = planReminders(state, now, r);
    const hhmm = new Date(t + 7 * 3_600_000).toISOString().slice(11, 16);
    for (const p of plan.reminders) {
      for (const l of p.lines) {
        l.source.sent.push({ personId: p.personId, kind: l.kind, offsetDays: l.offsetDays, localDate: plan.localDate });
        out.push(`${plan.localDate} ${hhmm} p${p.personId} ${l.subjectKey} ${l.kind}${l.kind === "before" ? ` ${l.offsetDays}` : l.kind === "overdue" ? ` +${l.daysOverdue}d` : ""}`);
      }
    }
    for (const e of plan.escalations) {
      for (const l of e.lines) {
        l.source.sent.push({ personId: e.personId, kind: "escalation", offsetDays: 0, localDate: plan.localDate });
        out.push(`${plan.localDate} ${hhmm} p${e.personId} ${l.subjectKey} escalation +${l.daysOverdue}d`);
      }
    }
  }
  return out;
}

describe("planReminders: when each reminder goes out", () => {
  it("a monthly figure due Wednesday 25/11 16:00: 7, 3 (Sunday → Monday), 1 days before, the day, then overdue every 2 working days, escalated once", () => {
    expect(simulate([item()], "2026-11-10T00:00:00", "2026-12-20T23:00:00")).toEqual([
      "2026-11-18 08:00 p1 i:3 before 7",
      "2026-11-23 08:00 p1 i:3 before 3",
      "2026-11-24 08:00 p1 i:3 before 1",
      "2026-11-25 08:00 p1 i:3 due_day",
      "2026-11-26 08:00 p1 i:3 overdue +1d",
      // 28/11 (3 days overdue) is a Saturday: the escalation waits for Monday.
      "2026-11-30 08:00 p1 i:3 overdue +5d",
      "2026-11-30 08:00 p9 i:3 escalation +5d",
      "2026-12-02 08:00 p1 i:3 overdue +7d",
    ]);
  });

  it.each([
    {
      name: "due Saturday 05/12 23:59: the Saturday 7-days-before goes Monday; the due-day one moves back to Friday",
      dueAt: "2026-12-05T23:59:59",
      expected: [
        "2026-11-30 08:00 p1 i:3 before 7",
        "2026-12-02 08:00 p1 i:3 before 3",
        "2026-12-04 08:00 p1 i:3 due_day",
        "2026-12-07 08:00 p1 i:3 overdue +2d",
        "2026-12-08 08:00 p9 i:3 escalation +3d",
        "2026-12-09 08:00 p1 i:3 overdue +4d",
        "2026-12-11 08:00 p1 i:3 overdue +6d",
      ],
    },
    {
      name: "due Sunday 29/11 16:00: the 1-day and due-day reminders fall on the weekend and move back to Friday, merged",
      dueAt: "2026-11-29T16:00:00",
      expected: [
        "2026-11-23 08:00 p1 i:3 before 7",
        "2026-11-26 08:00 p1 i:3 before 3",
        "2026-11-27 08:00 p1 i:3 due_day",
        "2026-11-30 08:00 p1 i:3 overdue +1d",
        "2026-12-02 08:00 p1 i:3 overdue +3d",
        "2026-12-02 08:00 p9 i:3 escalation +3d",
        "2026-12-04 08:00 p1 i:3 overdue +5d",
      ],
    },
    {
      name: "due in Tết (Friday 20/02): everything before falls in the holiday, so one reminder on the last working day before it",
      dueAt: "2026-02-20T16:00:00",
      expected: [
        "2026-02-13 08:00 p1 i:3 due_day",
        "2026-02-23 08:00 p1 i:3 overdue +3d",
        "2026-02-23 08:00 p9 i:3 escalation +3d",
        "2026-02-25 08:00 p1 i:3 overdue +5d",
        "2026-02-27 08:00 p1 i:3 overdue +7d",
      ],
    },
    {
      name: "due at 07:30: no reminder on the day itself (08:00 would be late)",
      dueAt: "2026-11-25T07:30:00",
      expected: [
        "2026-11-18 08:00 p1 i:3 before 7",
        "2026-11-23 08:00 p1 i:3 before 3",
        "2026-11-24 08:00 p1 i:3 before 1",
        "2026-11-26 08:00 p1 i:3 overdue +1d",
        "2026-11-30 08:00 p1 i:3 overdue +5d",
        "2026-11-30 08:00 p9 i:3 escalation +5d",
        "2026-12-02 08:00 p1 i:3 overdue +7d",
      ],
    },
  ])("$name", ({ dueAt, expected }) => {
    const day = 86_400_000;
    const local = (ms: number) => new Date(ms + 7 * 3_600_000).toISOString().slice(0, 11) + "00:00:00";
    const due = vn(dueAt).getTime();
    expect(simulate([item({ dueAt: vn(dueAt) })], local(due - 20 * day), local(due + 20 * day))).toEqual(expected);
  });

  it("sends nothing in the quiet hours, before the reminder hour, on weekends or holidays", () => {
    const items = [item({ dueAt: vn("2026-11-20T16:00:00") }), item({ subjectKey: "i:4", dueAt: vn("2026-10-01T16:00:00") })];
    for (const local of ["2026-11-18T07:59:00", "2026-11-18T21:00:00", "2026-11-18T23:30:00", "2026-11-19T06:00:00", "2026-11-21T10:00:00", "2026-11-22T10:00:00", "2026-09-01T10:00:00"]) {
      const plan = planReminders(items, vn(local), rules());
      expect(plan.sendingMoment, local).toBe(false);
      expect(plan.reminders, local).toEqual([]);
      expect(plan.escalations, local).toEqual([]);
    }
    expect(planReminders(items, vn("2026-11-18T08:00:00"), rules()).sendingMoment).toBe(true);
  });

  it("with the reminder hour inside the quiet hours, sends at their end", () => {
    const events = simulate([item()], "2026-11-18T00:00:00", "2026-11-18T23:00:00", rules({ reminderHour: 6 }), 30);
    expect(events).toEqual(["2026-11-18 07:00 p1 i:3 before 7"]);
  });

  it("makes up a missed day with the latest reminder only (the service was down over the weekend)", () => {
    // First tick on Monday 23/11: the 7-days one (18/11) was never sent; only the current (3-days) one goes.
    expect(simulate([item()], "2026-11-23T10:00:00", "2026-11-25T23:00:00")).toEqual([
      "2026-11-23 10:00 p1 i:3 before 3",
      "2026-11-24 08:00 p1 i:3 before 1",
      "2026-11-25 08:00 p1 i:3 due_day",
    ]);
  });

  it("plans nothing again once sent: a second tick in the same minute, or later the same day", () => {
    const i = item();
    const now = vn("2026-11-18T08:00:00");
    const first = planReminders([i], now, rules());
    expect(first.reminders).toHaveLength(1);
    const sent: SentReminder[] = [{ personId: 1, kind: "before", offsetDays: 7, localDate: "2026-11-18" }];
    expect(planReminders([{ ...i, sent }], now, rules()).reminders).toEqual([]);
    expect(planReminders([{ ...i, sent }], vn("2026-11-18T15:00:00"), rules()).reminders).toEqual([]);
  });

  it("stops once the item is reported, and for a closed period", () => {
    expect(planReminders([item({ reported: true })], vn("2026-11-18T08:00:00"), rules()).reminders).toEqual([]);
    expect(planReminders([item({ reported: true })], vn("2026-11-30T08:00:00"), rules())).toMatchObject({ reminders: [], escalations: [] });
    expect(planReminders([item({ closed: true })], vn("2026-11-30T08:00:00"), rules())).toMatchObject({ reminders: [], escalations: [] });
  });

  it("groups every due line of a person into one digest, and keeps people apart", () => {
    const items = [
      item({ subjectKey: "i:3", personIds: [1, 2] }),
      item({ subjectKey: "i:4", personIds: [1] }),
      item({ subjectKey: "t:7", personIds: [2], periodKey: "once", dueAt: vn("2026-11-10T23:59:59") }),
      item({ subjectKey: "i:5", personIds: [1], dueAt: vn("2026-12-25T16:00:00") }),
    ];
    const plan = planReminders(items, vn("2026-11-18T08:05:00"), rules());
    expect(plan.reminders.map((p) => ({ personId: p.personId, lines: p.lines.map((l) => `${l.subjectKey} ${l.kind}`) }))).toEqual([
      { personId: 1, lines: ["i:3 before", "i:4 before"] },
      { personId: 2, lines: ["i:3 before", "t:7 overdue"] },
    ]);
    expect(plan.localDate).toBe("2026-11-18");
  });

  it("respects snoozes: all reminders of a person, or one item, until a time", () => {
    const items = [item({ subjectKey: "i:3" }), item({ subjectKey: "i:4" })];
    const at8 = vn("2026-11-18T08:00:00");
    const all: Snooze = { personId: 1, subjectKey: null, unitId: null, until: vn("2026-11-18T12:00:00") };
    expect(planReminders(items, at8, rules({ snoozes: [all] }))).toMatchObject({ reminders: [], snoozed: 2 });
    const one: Snooze = { personId: 1, subjectKey: "i:4", unitId: 1, until: vn("2026-11-19T12:00:00") };
    expect(planReminders(items, at8, rules({ snoozes: [one] })).reminders[0]?.lines.map((l) => l.subjectKey)).toEqual(["i:3"]);
    const otherUnit: Snooze = { ...one, unitId: 2 };
    expect(planReminders(items, at8, rules({ snoozes: [otherUnit] })).reminders[0]?.lines).toHaveLength(2);
    // When the snooze ends the same day, the day's reminder still goes out.
    expect(simulate(items, "2026-11-18T00:00:00", "2026-11-18T23:00:00", rules({ snoozes: [all] }))).toEqual(["2026-11-18 12:00 p1 i:3 before 7", "2026-11-18 12:00 p1 i:4 before 7"]);
  });

  it("counts overdue reminders already sent (at most N), and none with a maximum of 0", () => {
    const overdue = item({ dueAt: vn("2026-06-30T23:59:59"), periodKey: "once" });
    const sent: SentReminder[] = ["2026-11-02", "2026-11-04", "2026-11-06"].map((localDate) => ({ personId: 1, kind: "overdue", offsetDays: 0, localDate }));
    expect(planReminders([{ ...overdue, sent }], vn("2026-11-20T08:00:00"), rules()).reminders).toEqual([]);
    expect(planReminders([{ ...overdue, sent: sent.slice(0, 2) }], vn("2026-11-20T08:00:00"), rules()).reminders[0]?.lines[0]).toMatchObject({ kind: "overdue", daysOverdue: 143 });
    expect(planReminders([{ ...overdue, sent: sent.slice(0, 2) }], vn("2026-11-05T08:00:00"), rules()).reminders).toEqual([]);
    expect(planReminders([overdue], vn("2026-11-20T08:00:00"), rules({ overdueMax: 0 })).reminders).toEqual([]);
  });

  it("escalates to each head once, naming who owes it (no one, when the unit has no focal point)", () => {
    const items = [item({ headPersonIds: [9, 10] }), item({ subjectKey: "i:4", personIds: [], headPersonIds: [9] })];
    const plan = planReminders(items, vn("2026-11-30T09:00:00"), rules());
    expect(plan.escalations.map((e) => ({ personId: e.personId, lines: e.lines.map((l) => [l.subjectKey, l.daysOverdue, l.focalPersonIds]) }))).toEqual([
      { personId: 9, lines: [["i:3", 5, [1]], ["i:4", 5, []]] },
      { personId: 10, lines: [["i:3", 5, [1]]] },
    ]);
    const sent: SentReminder[] = [{ personId: 9, kind: "escalation", offsetDays: 0, localDate: "2026-11-30" }];
    expect(planReminders([{ ...items[0]!, sent }], vn("2026-12-01T09:00:00"), rules()).escalations.map((e) => e.personId)).toEqual([10]);
  });

  it("ignores deadlines far ahead and one-off items without a deadline", () => {
    expect(planReminders([item({ dueAt: vn("2027-03-25T16:00:00") }), item({ dueAt: new Date(8.64e15) })], vn("2026-11-18T08:00:00"), rules()).reminders).toEqual([]);
  });
});


describe("plansAhead", () => {
  it("builds the day's plan in the hour before the first sending moment of a working day, and at no other time", () => {
    const at = (local: string) => plansAhead(vn(local), rules());
    expect(["2026-11-25T07:00:00", "2026-11-25T07:30:00", "2026-11-25T07:59:00"].map(at)).toEqual([true, true, true]);
    // Before the hour, at and after the sending moment, on a weekend (Saturday 28/11) and on a holiday (02/09).
    expect(["2026-11-25T06:59:00", "2026-11-25T08:00:00", "2026-11-25T10:00:00", "2026-11-28T07:30:00", "2026-09-02T07:30:00"].map(at)).toEqual([false, false, false, false, false]);
  });
});
