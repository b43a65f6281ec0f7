import { sqliteConnection } from "../../db/client.ts";
/**
 * A synthetic province for the benchmarks at scale, written fast and the same every time (seeded):
 *   - 193 units: the provincial office, 24 departments with 2 sub-units each, 120 communes;
 * *   - 411 people: 2 focal points per department, sub-unit and the office, 1 per commune, a head per
 *     department, commune and the office; nine in ten with a linked Telegram chat;
 *   - plans of 150 items (60 % indicators with yearly targets, 40 % tasks), as many as the wanted
 *     number of reports needs; three items in ten go to every commune (a generic group), the
 *     rest to a lead department and up to four coordinating departments or sub-units;
 *   - frequencies: indicators 55 % monthly, 30 % quarterly, 15 % yearly; tasks 40/40/20;
 *   - every period from January of `fromYear` to `now`, reported on time mostly, late sometimes,
 *     the last ones not all yet — exactly `reports` reports, each with its first revision;
 *   - reminder history: reminder_deliveries for one period in four of each assignment, one row per person and day.
 * Everything goes in through prepared statements in one transaction (db/repositories/bulk-load-repository.ts).
 *
 * `openProvince` keeps a pristine copy per (size, seed, schema) in the temp folder and hands each
 * caller a fresh copy of it, opened (migrations applied) like the service opens its file.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { closeDatabase, openDatabase, type Db } from "../../db/client.ts";
import { bulkLoader } from "../../db/repositories/bulk-load-repository.ts";
import type { Frequency } from "../../src/domain/frequency.ts";
import { periodAt, type ReportingPeriod } from "../../src/domain/reporting-period.ts";
import { subjectKey } from "../../src/domain/subject-key.ts";
import { fromVnParts, toVnParts } from "../../src/domain/vn-time.ts";
import { seededRandom as random } from "./seeded-random.ts";

export interface ProvinceOptions {
  /** Exactly this many reports. */
  reports: number;
  /** The first reporting year (January). */
  fromYear?: number;
  /** The province's present: nothing is reported after it. */
  now?: Date;
  seed?: number;
}

export interface Province {
  now: Date;
  units: number;
  people: number;
  plans: number;
  indicators: number;
  tasks: number;
  assignments: number;
  reports: number;
  revisions: number;
  deliveries: number;
  /** The department with the most assignments in its subtree (for "what's overdue" of a unit with sub-units). */
  busiestDepartmentId: number;
  seconds: number;
}

/** Monday 23/11/2026 08:05 in Hanoi: the 3-days-before reminders of the monthly deadline (25th, 16:00) are due. */
export const PROVINCE_NOW = new Date("2026-11-23T08:05:00+07:00");

const ITEMS_PER_PLAN = 150;
const DEPARTMENTS = 24;
const SUB_UNITS = 2;
const COMMUNES = 120;
const DAY = 86_400_000;

/** Writes the province into an open, empty database; prints how long it took. */
export async function generateProvince(db: Db, options: ProvinceOptions): Promise<Province> {
  const started = performance.now();
  const now = options.now ?? PROVINCE_NOW;
  const fromYear = options.fromYear ?? 2022;
  const rnd = random(options.seed ?? 2026);
  const load = bulkLoader(db);
  const t0 = fromVnParts({ year: fromYear, month: 1, day: 1, hour: 0 }).getTime();

  const facts = await load.transaction(async () => {
    // The organisation.
    const office = await load.unit("Văn phòng UBND tỉnh", "van phong ubnd tinh", "office", null, t0);
    const departments: number[] = [];
    const subUnits: number[] = [];
    const communes: number[] = [];
    for (let d = 1; d <= DEPARTMENTS; d += 1) {
      const id = await load.unit(`Sở thử nghiệm số ${d}`, `so thu nghiem so ${d}`, "department", null, t0);
      departments.push(id);
      for (let s = 1; s <= SUB_UNITS; s += 1) subUnits.push(await load.unit(`Chi cục ${s} thuộc Sở số ${d}`, `chi cuc ${s} thuoc so so ${d}`, "agency", id, t0));
    }
    for (let c = 1; c <= COMMUNES; c += 1) communes.push(await load.unit(`Xã thử nghiệm số ${c}`, `xa thu nghiem so ${c}`, "commune", null, t0));
    const parentOf = new Map<number, number>();
    subUnits.forEach((u, i) => parentOf.set(u, departments[Math.floor(i / SUB_UNITS)]!));

    // People: focal points report, heads are escalated to.
    const focalOf = new Map<number, number[]>();
    let phone = 912_000_000;
    let people = 0;
    const person = async (name: string, unitId: number, role: "focal_point" | "unit_head") => {
      const id = await load.person(name, `0${(phone += 1)}`, unitId, t0);
      await load.role(id, role);
      if (rnd() < 0.9) await load.chatAccount(String(700_000_000 + id), String(700_000_000 + id), id, t0, t0);
      people += 1;
      return id;
    };
    for (const unitId of [office, ...departments, ...subUnits, ...communes]) {
      const focal: number[] = [];
      for (let i = 0; i < (communes.includes(unitId) ? 1 : 2); i++) focal.push(await person(`Cán bộ đầu mối ${i + 1} đơn vị ${unitId}`, unitId, "focal_point"));
      focalOf.set(unitId, focal);
      if (!subUnits.includes(unitId)) await person(`Lãnh đạo đơn vị ${unitId}`, unitId, "unit_head");
    }

    // Periods of each frequency up to now, with their deadlines.
    const periodsOf = new Map<Frequency, ReportingPeriod[]>();
    for (const f of ["monthly", "quarterly", "yearly"] as const) {
      const list: ReportingPeriod[] = [];
      const last = toVnParts(now);
      for (let y = fromYear, m = 1; y < last.year || (y === last.year && m <= last.month); m === 12 ? ((y += 1), (m = 1)) : (m += 1)) {
        const p = periodAt(f, fromVnParts({ year: y, month: m, day: 15, hour: 12 }));
        if (list.at(-1)?.key !== p.key) list.push(p);
      }
      periodsOf.set(f, list);
    }
    const chance = (p: ReportingPeriod) => (p.dueAt.getTime() > now.getTime() ? 0.25 : p.dueAt.getTime() > now.getTime() - 60 * DAY ? 0.8 : 0.93);

    // Plans, items and assignments, until they hold a few percent more reports than wanted.
    type Assigned = { key: string; indicatorId: number | null; taskId: number | null; unitId: number; frequency: Frequency };
    const assigned: Assigned[] = [];
    let expected = 0;
    let plans = 0;
    let indicators = 0;
    let tasks = 0;
    let planId = 0;
    let position = 0;
    while (expected < options.reports * 1.04) {
      if (position % ITEMS_PER_PLAN === 0) {
        plans += 1;
        planId = await load.plan(`bench-${plans}`, `${plans}/KH-UBND`, `Kế hoạch thử nghiệm số ${plans}`, t0);
        position = 0;
      }
      position += 1;
      const isIndicator = rnd() < 0.6;
      const r = rnd();
      const frequency: Frequency = isIndicator ? (r < 0.55 ? "monthly" : r < 0.85 ? "quarterly" : "yearly") : r < 0.4 ? "monthly" : r < 0.8 ? "quarterly" : "yearly";
      let indicatorId: number | null = null;
      let taskId: number | null = null;
      if (isIndicator) {
        indicators += 1;
        const name = `Tỷ lệ chỉ tiêu thử nghiệm số ${indicators} đạt chuẩn`;
        indicatorId = await load.indicator(planId, String(position), String(position), name, name.toLowerCase(), "%", "percent", null, position, t0);
        for (let y = fromYear; y <= toVnParts(now).year; y += 1) {
          const value = 50 + Math.floor(rnd() * 40);
          await load.target(indicatorId, y, `≥ ${value}%`, JSON.stringify({ kind: "at_least", raw: `≥ ${value}%`, value, percent: true, strict: false }));
        }
      } else {
        tasks += 1;
        const name = `Nhiệm vụ thử nghiệm số ${tasks}`;
        taskId = await load.task(planId, String(position), String(position), name, name.toLowerCase(), null, position, t0);
      }
      const key = isIndicator ? subjectKey("indicator", indicatorId!) : subjectKey("task", taskId!);
      const units = rnd() < 0.3 ? [pick(rnd, departments), ...communes] : [pick(rnd, departments), ...Array.from({ length: Math.floor(rnd() * 5) }, () => pick(rnd, rnd() < 0.6 ? departments : subUnits))];
      const perPeriod = periodsOf.get(frequency)!.reduce((n, p) => n + chance(p), 0);
      for (const unitId of new Set(units)) {
        await load.assignment(key, indicatorId, taskId, unitId, unitId === units[0] ? "lead" : "coordinating", frequency, t0);
        assigned.push({ key, indicatorId, taskId, unitId, frequency });
        expected += perPeriod;
      }
    }

    // Reports in time order, a little under the wanted count; then the rest as late reports of the oldest periods left empty.
    const scale = (options.reports - Math.ceil(Math.sqrt(options.reports) * 4)) / expected;
    const byDue = [...periodsOf.entries()].flatMap(([f, list]) => list.map((p) => ({ f, p }))).sort((a, b) => a.p.dueAt.getTime() - b.p.dueAt.getTime());
    const missing: { a: Assigned; p: ReportingPeriod }[] = [];
    let reports = 0;
    let deliveries = 0;
    const messages = new Map<string, { personId: number; at: number; lines: [string, number, string, string, number][] }>();
    const messageOf = (personId: number, at: number) => {
      const key = `${personId}|${localDate(at)}`;
      const m = messages.get(key) ?? { personId, at, lines: [] };
      messages.set(key, m);
      return m.lines;
    };
    const write = async (a: Assigned, p: ReportingPeriod, at: number) => {
      const reporter = focalOf.get(a.unitId)![0]!;
      const value = a.indicatorId !== null ? Math.round((40 + rnd() * 60) * 10) / 10 : null;
      const status = a.taskId !== null ? (["not_started", "in_progress", "done", "blocked"] as const)[Math.floor(rnd() * 4)]! : null;
      const id = await load.report(a.key, a.indicatorId, a.taskId, a.unitId, p.key, value, status, reporter, at, at);
      await load.revision(id, value, status, reporter, at);
      reports += 1;
    };
    for (const { f, p } of byDue) {
      const due = p.dueAt.getTime();
      const open = due > now.getTime();
      for (const a of assigned) {
        if (a.frequency !== f) continue;
        const reported = rnd() < chance(p) * scale;
        if (reported) {
          const late = !open && rnd() < 0.15;
          const at = open ? now.getTime() - Math.floor(rnd() * 15 * DAY) : late ? due + Math.floor((1 + rnd() * 20) * DAY) : due - Math.floor(rnd() * 10 * DAY);
          await write(a, p, Math.min(at, now.getTime() - 60_000));
        } else if (!open) missing.push({ a, p });
        // Reminders already sent for this period: a "before" line or two, and an overdue one when it was not reported.
        if (rnd() < 0.25 && due <= now.getTime()) {
          const personId = focalOf.get(a.unitId)![0]!;
          for (const offset of [3, 1].slice(0, 1 + Math.floor(rnd() * 2))) messageOf(personId, due - offset * DAY).push([a.key, a.unitId, p.key, "before", offset]);
          if (!reported) messageOf(personId, due + 2 * DAY).push([a.key, a.unitId, p.key, "overdue", 0]);
        }
      }
    }
    // One delivery row per person's message (their lines of a day), as the tick records them.
    for (const m of messages.values()) {
      await load.delivery(m.personId, "reminder", localDate(m.at), `bench:${deliveries}`, JSON.stringify(m.lines), m.at);
      deliveries += 1;
    }
    for (const { a, p } of missing) {
      if (reports >= options.reports) break;
      await write(a, p, Math.min(p.dueAt.getTime() + 40 * DAY, now.getTime() - 60_000));
    }
    if (reports !== options.reports) throw new Error(`the province holds ${reports} reports, not ${options.reports}: raise the 1.04 margin`);

    const subtreeSize = new Map<number, number>();
    for (const a of assigned) {
      const top = parentOf.get(a.unitId) ?? a.unitId;
      subtreeSize.set(top, (subtreeSize.get(top) ?? 0) + 1);
    }
    const busiestDepartmentId = departments.reduce((best, d) => ((subtreeSize.get(d) ?? 0) > (subtreeSize.get(best) ?? 0) ? d : best), departments[0]!);
    return { units: 1 + departments.length + subUnits.length + communes.length, people, plans, indicators, tasks, assignments: assigned.length, reports, revisions: reports, deliveries, busiestDepartmentId };
  });
  const seconds = (performance.now() - started) / 1000;
  return { now, ...facts, seconds };
}

/**
 * A fresh copy of the province of this size, opened like the service opens its file (WAL,
 * migrations, what runs at open). The pristine file is generated once per (size, seed, schema)
 * and kept in the temp folder; `close` removes the copy.
 */
export async function openProvince(options: ProvinceOptions, log: (line: string) => void = console.log): Promise<{ db: Db; province: Province; file: string; close: () => Promise<void> }> {
  const dir = join(tmpdir(), "chitieu-bench-province");
  mkdirSync(dir, { recursive: true });
  const tag = `${options.reports}-${options.fromYear ?? 2022}-${options.seed ?? 2026}-${schemaTag()}`;
  const pristine = join(dir, `province-${tag}.sqlite`);
  const factsFile = `${pristine}.json`;
  if (!existsSync(pristine) || !existsSync(factsFile)) {
    const building = `${pristine}.building`;
    rmSync(building, { force: true });
    const db = openDatabase(building);
    const province = await generateProvince(db, options);
    sqliteConnection(db)!.pragma("wal_checkpoint(TRUNCATE)");
    await closeDatabase(db);
    renameSync(building, pristine);
    writeJson(factsFile, province);
    log(
      `generated a province of ${province.reports.toLocaleString("en")} reports in ${province.seconds.toFixed(1)} s: ${province.units} units, ${province.people} people, ` +
        `${province.plans} plans (${province.indicators} indicators, ${province.tasks} tasks), ${province.assignments.toLocaleString("en")} assignments, ` +
        `${province.revisions.toLocaleString("en")} revisions, ${province.deliveries.toLocaleString("en")} reminder deliveries`,
    );
  }
  const province = { ...(JSON.parse(readFileSync(factsFile, "utf8")) as Province), now: options.now ?? PROVINCE_NOW };
  const file = join(dir, `work-${process.pid}-${tag}.sqlite`);
  copyFileSync(pristine, file);
  const db = openDatabase(file);
  return {
    db,
    province,
    file,
    close: async () => {
      await closeDatabase(db);
      for (const f of [file, `${file}-wal`, `${file}-shm`]) rmSync(f, { force: true });
    },
  };
}

/** Changes with the migrations, so a pristine file made under another schema is not reused. */
function schemaTag(): string {
  const journal = resolve(dirname(fileURLToPath(import.meta.url)), "../../db/migrations/meta/_journal.json");
  return createHash("sha256").update(readFileSync(journal)).update(readFileSync(fileURLToPath(import.meta.url))).digest("hex").slice(0, 10);
}

function writeJson(file: string, value: unknown): void {
  const tmp = `${file}.tmp`;
  writeFileSync(tmp, JSON.stringify(value));
  renameSync(tmp, file);
}

function localDate(ms: number): string {
  const p = toVnParts(new Date(ms));
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

function pick<T>(rnd: () => number, list: readonly T[]): T {
  return list[Math.floor(rnd() * list.length)]!;
}

