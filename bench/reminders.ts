/**
 * npm run bench:reminders
 *
 * Plans the due reminders for 100,000 synthetic assignment-periods (src/domain/plan-reminders.ts,
 * the part of a reminder tick that grows with the catalogue) and prints the median of several runs,
 * beside two baselines measured in the same run on the same input:
 *   - "iterate": reading the fields of every input once (the floor for any planner);
 *   - "naive": the same rules written the obvious way, per item with Date arithmetic
 *     (nextAllowedInstant for every reminder slot, string keys for the history and the grouping).
 * It checks that the naive planner and planReminders agree on the lines, then PASS/FAIL on the target.
 *
 * Target (the issue): ≤ 300 ms for 100,000 assignment-periods.
 */
import { planReminders, type AssignmentPeriod, type ReminderRules, type SentReminder, type Snooze } from "../src/domain/plan-reminders.ts";
import {
  isWorkingDayNumber,
  localDateOf,
  localDayNumber,
  nextAllowedInstant,
  parseHolidays,
  parseQuietHours,
  sendingStartMinute,
  inQuietHours,
  localMinuteOfDay,
} from "../src/domain/working-calendar.ts";
import { fromVnParts, toVnParts } from "../src/domain/vn-time.ts";
import { seededRandom as random } from "./support/seeded-random.ts";

const ITEMS = 100_000;
const RUNS = 15;
const WARMUP = 3;
const TARGET_MS = 300;

/** Monday 23/11/2026 08:05 in Hanoi: the 3-days-before reminders of the 25th are due (22/11 was a Sunday). */
const now = new Date("2026-11-23T08:05:00+07:00");

const rules: ReminderRules = {
  offsetsDays: [7, 3, 1],
  reminderHour: 8,
  overdueEveryWorkingDays: 2,
  overdueMax: 3,
  escalateAfterDays: 3,
  quiet: parseQuietHours("21:00-07:00"),
  holidays: parseHolidays("2026-01-01,2026-02-14..2026-02-22,2026-04-27,2026-04-30,2026-05-01,2026-09-01..2026-09-02,2027-01-01,2027-02-04..2027-02-10"),
  snoozes: [],
};

const items = syntheticItems(ITEMS);
rules.snoozes = syntheticSnoozes(500);

const iterate = measure(() => {
  let n = 0;
  for (const i of items) if (!i.reported && !i.closed && i.dueAt.getTime() > 0 && i.personIds.length + i.headPersonIds.length > 0 && i.subjectKey && i.sent?.length !== 0) n += 1;
  return n;
});
const fast = measure(() => planReminders(items, now, rules));
const naive = measure(() => naivePlan(items, now, rules));

const plan = planReminders(items, now, rules);
const planned = plan.reminders.reduce((n, p) => n + p.lines.length, 0);
const escalated = plan.escalations.reduce((n, p) => n + p.lines.length, 0);
const agree = sameLines(plan, naivePlan(items, now, rules));

console.log(`bench:reminders — ${ITEMS.toLocaleString("en")} assignment-periods, tick at ${now.toISOString()} (Mon 23/11 08:05 in Hanoi), median of ${RUNS} runs after ${WARMUP} warm-up`);
console.log(`  input: ${new Set(items.flatMap((i) => i.personIds)).size.toLocaleString("en")} focal points, ${items.filter((i) => i.sent).length.toLocaleString("en")} items with history, ${rules.snoozes.length} snoozes`);
console.log(`  output: ${planned.toLocaleString("en")} reminder lines in ${plan.reminders.length.toLocaleString("en")} digests, ${escalated.toLocaleString("en")} escalation lines for ${plan.escalations.length.toLocaleString("en")} heads, ${plan.snoozed} snoozed`);
console.log(`  iterate the input (floor)      ${fmt(iterate)}`);
console.log(`  naive per-item planner         ${fmt(naive)}`);
console.log(`  planReminders                  ${fmt(fast)}   (${(naive.median / fast.median).toFixed(1)}× the naive one; ${(fast.median / Math.max(iterate.median, 0.01)).toFixed(0)}× the floor)`);
console.log(`  naive and planReminders agree on every line: ${agree ? "yes" : "NO"}`);
const pass = fast.median <= TARGET_MS && agree;
console.log(`${pass ? "PASS" : "FAIL"}: planReminders median ${fast.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`);
process.exit(pass ? 0 : 1);

function measure(fn: () => unknown): { median: number; min: number; max: number } {
  for (let i = 0; i < WARMUP; i += 1) fn();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i += 1) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  times.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]! };
}

function fmt(m: { median: number; min: number; max: number }): string {
  return `${m.median.toFixed(1).padStart(8)} ms  (min ${m.min.toFixed(1)}, max ${m.max.toFixed(1)})`;
}


/**
 * A big province: 2,000 units of ~10 focal points' worth of items, most monthly (due 16:00 on the
 * 25th), some one-off deadlines scattered over the year, a third already reported, and a history of
 * reminders already sent for one item in five.
 */
function syntheticItems(n: number): AssignmentPeriod[] {
  const rnd = random(57);
  const out: AssignmentPeriod[] = [];
  const monthly = new Date("2026-11-25T16:00:00+07:00");
  for (let i = 0; i < n; i += 1) {
    const unit = i % 2_000;
    const focal = [unit * 3 + 1, ...(rnd() < 0.3 ? [unit * 3 + 2] : [])];
    const r = rnd();
    const dueAt = r < 0.6 ? monthly : r < 0.8 ? new Date(monthly.getTime() + Math.round((rnd() * 210 - 150) * 86_400_000)) : new Date(now.getTime() + Math.round((rnd() * 80 - 40) * 86_400_000));
    const sent: SentReminder[] = [];
    if (rnd() < 0.2) {
      const past = Math.floor(rnd() * 3) + 1;
      for (let k = 0; k < past; k += 1) sent.push({ personId: focal[0]!, kind: rnd() < 0.5 ? "overdue" : "before", offsetDays: [7, 3, 1][k] ?? 0, localDate: localDateOf(new Date(now.getTime() - (k + 1) * 2 * 86_400_000)) });
    }
    out.push({
      personIds: focal,
      headPersonIds: [100_000 + Math.floor(unit / 4)],
      subjectKey: `i:${i % 5_000}`,
      unitId: unit,
      periodKey: r < 0.6 ? "2026-11" : "once",
      dueAt,
      reported: rnd() < 0.33,
      closed: rnd() < 0.02,
      ...(sent.length ? { sent } : {}),
    });
  }
  return out;
}

function syntheticSnoozes(n: number): Snooze[] {
  const rnd = random(7);
  return Array.from({ length: n }, (_, i) => ({
    personId: Math.floor(rnd() * 6_000) + 1,
    subjectKey: i % 2 === 0 ? null : `i:${Math.floor(rnd() * 5_000)}`,
    unitId: null,
    until: new Date(now.getTime() + 86_400_000),
  }));
}

type NaiveLine = { personId: number; key: string; kind: string; head: boolean };

/**
 * The baseline: the same rules, written per item the straightforward way — every reminder slot
 * through nextAllowedInstant (Date objects, a holiday lookup per day), the history scanned with
 * string keys, the result grouped in a Map of strings.
 */
function naivePlan(list: readonly AssignmentPeriod[], at: Date, r: ReminderRules): NaiveLine[] {
  const calendar = { holidays: r.holidays, quiet: r.quiet };
  const start = sendingStartMinute(r.reminderHour, r.quiet);
  if (inQuietHours(at, r.quiet) || localMinuteOfDay(at) < start || !isWorkingDayNumber(localDayNumber(at), r.holidays)) return [];
  const today = localDateOf(at);
  const out: NaiveLine[] = [];
  const snoozed = (personId: number, i: AssignmentPeriod) =>
    r.snoozes.some((s) => s.personId === personId && s.until > at && (s.subjectKey === null || (s.subjectKey === i.subjectKey && (s.unitId === null || s.unitId === i.unitId))));
  const sentKeys = (i: AssignmentPeriod) => new Set((i.sent ?? []).map((s) => `${s.personId}|${s.kind}|${s.offsetDays}|${s.localDate}`));
  for (const i of list) {
    if (i.reported || i.closed) continue;
    const key = `${i.subjectKey}|${i.unitId}|${i.periodKey}`;
    const sent = sentKeys(i);
    const due = toVnParts(i.dueAt);
    if (at < i.dueAt) {
      let current: number | undefined;
      for (const k of [...r.offsetsDays, 0]) {
        const nominal = fromVnParts({ year: due.year, month: due.month, day: due.day - k, hour: 0 });
        let send = nextAllowedInstant(nominal, calendar, start);
        if (send >= i.dueAt) {
          if (k === 0 && isWorkingDayNumber(localDayNumber(i.dueAt), r.holidays)) continue;
          let d = localDayNumber(nominal);
          while (!isWorkingDayNumber(d, r.holidays)) d -= 1;
          send = new Date(fromVnParts({ year: 1970, month: 1, day: 1 + d }).getTime() + start * 60_000);
        }
        if (send <= at) current = k;
      }
      if (current === undefined) continue;
      for (const p of i.personIds) {
        const done = [...sent].some((s) => s.startsWith(`${p}|`) && (s.includes("|before|") || s.includes("|due_day|")) && Number(s.split("|")[2]) <= current!);
        if (!done && !snoozed(p, i)) out.push({ personId: p, key, kind: current === 0 ? "due_day" : "before", head: false });
      }
      continue;
    }
    const days = Math.round((Date.parse(today) - Date.UTC(due.year, due.month - 1, due.day)) / 86_400_000);
    if (days > 0) {
      for (const p of i.personIds) {
        const overdue = [...sent].filter((s) => s.startsWith(`${p}|overdue|`)).map((s) => s.split("|")[3]!).sort();
        if (overdue.length >= r.overdueMax) continue;
        const last = overdue.at(-1);
        let working = 0;
        if (last) for (let d = Date.parse(last) / 86_400_000 + 1; d <= Date.parse(today) / 86_400_000; d += 1) if (isWorkingDayNumber(d, r.holidays)) working += 1;
        if ((!last || working >= r.overdueEveryWorkingDays) && !snoozed(p, i)) out.push({ personId: p, key, kind: "overdue", head: false });
      }
    }
    if (days >= r.escalateAfterDays) {
      for (const h of i.headPersonIds) if (![...sent].some((s) => s.startsWith(`${h}|escalation|`)) && !snoozed(h, i)) out.push({ personId: h, key, kind: "escalation", head: true });
    }
  }
  const grouped = new Map<string, NaiveLine[]>();
  for (const l of out) {
    const g = `${l.head ? "h" : "p"}${l.personId}`;
    (grouped.get(g) ?? grouped.set(g, []).get(g)!).push(l);
  }
  return [...grouped.values()].flat();
}

function sameLines(p: ReturnType<typeof planReminders>, naive: NaiveLine[]): boolean {
  const a = [
    ...p.reminders.flatMap((g) => g.lines.map((l) => `${g.personId}|${l.subjectKey}|${l.unitId}|${l.periodKey}|${l.kind}`)),
    ...p.escalations.flatMap((g) => g.lines.map((l) => `${g.personId}|${l.subjectKey}|${l.unitId}|${l.periodKey}|escalation`)),
  ].sort();
  const b = naive.map((l) => `${l.personId}|${l.key}|${l.kind}`).sort();
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
