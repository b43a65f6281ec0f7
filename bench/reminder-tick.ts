/**
 * npm run bench:reminder-tick
 *
 * A whole reminder tick (src/services/reminders.ts, runReminderTick: its database reads, the
 * planner, the digests with their reminder_deliveries, outbox rows and conversation writes) over a
 * province of 1,000,000 reports (bench/support/generate-province.ts), at Monday 23/11/2026 in Hanoi,
 * on SQLite and on PostgreSQL (bench/support/bench-engines.ts):
 *   - due: 08:05, when the 3-days-before reminders of the 25th go out. Each timed run is wrapped in a
 *     transaction that is rolled back, so every run finds the same work (the tick's own transactions —
 *     the approval digests', and the one that queues every digest and escalation — become savepoints);
 *     the first, committed run is printed too. Before each run, untimed, the tick of 07:55 builds the
 *     day's plan ahead, as the service's does in the hour before the first sending moment (the items,
 *     the planner's answer for 08:00 and each message's lines prepared): a due run checks the stamps
 *     and snoozes and queues (reads of the accounts, people and labels, item numbers, outbox rows,
 *     sessions, the delivery rows). Beside it, the same due tick with the plan
 *     dropped before each run (a rebuild plus the queuing: what every due tick cost before the plan
 *     was built ahead);
 *   - quiet: 08:10, 08:15, … after that run committed — the working day's usual tick, which finds
 *     nothing new to send: first with the kept plan dropped before each run (every tick rebuilding, as
 *     before the plan was kept), then as the service runs it (the plan kept while the stamps hold; the
 *     due tick's own deliveries are a delta, not a rebuild).
 * Before them, housekeeping runs once, as the service runs it (it prunes the reminders of periods no
 * longer open, and refreshes the planner's statistics); its time is printed.
 * Beside them, in the same run: the same ticks over a province of 20,000 reports, and `select 1`.
 * Then the plan each engine picks for the reported keys and for the lines the people of a tick were sent today.
 *
 * Targets (issue 11): ≤ 100 ms when due, ≤ 30 ms quiet, at 1,000,000 reports, on each engine.
 */
import type { Engine } from "../db/app-db.ts";
import { inTransaction, pingDatabase, type Db } from "../db/client.ts";
import { fixedClock } from "../src/clock.ts";
import { loadConfig } from "../src/config.ts";
import { createLogger } from "../src/logger.ts";
import { housekeeping } from "../src/jobs/housekeeping.ts";
import { forgetKeptReminderPlan, runReminderTick, type ReminderTickResult } from "../src/services/reminders.ts";
import { benchEngines, openBenchProvince, withBenchServer } from "./support/bench-engines.ts";
import { fmt, machineLoad, measure, queryPlan, type Timing } from "./support/measure.ts";

const DUE_TARGET_MS = 100;
const QUIET_TARGET_MS = 30;
const RUNS = 7;
const SIZES = [20_000, 1_000_000];
const config = loadConfig({ DATABASE_FILE: ":memory:" });
const logger = createLogger("silent");
const engines = benchEngines();
const loadBefore = await machineLoad();

const results = await withBenchServer(engines, async (server) => {
  const out = [];
  for (const engine of engines) for (const reports of SIZES) out.push(await tickBench(engine, reports, server));
  return out;
});

console.log(`bench:reminder-tick — runReminderTick at ${results[0]!.province.now.toISOString()} (Mon 23/11 08:05 in Hanoi), median of ${RUNS} runs; ${loadBefore} before, ${await machineLoad()} after`);
for (const r of results) {
  console.log(
    `  ${r.engine.padEnd(8)} ${r.reports.toLocaleString("en").padStart(9)} reports (${r.province.assignments.toLocaleString("en")} assignments, ${r.deliveriesRows.toLocaleString("en")} reminder messages recorded after housekeeping): ` +
      `the due tick queues ${r.first.digests} digests, ${r.first.escalations} escalations, ${r.first.lines.toLocaleString("en")} lines`,
  );
  console.log(`    housekeeping (once, first run)  ${r.housekeepingMs.toFixed(2).padStart(9)} ms  (pruned ${r.pruned.toLocaleString("en")} reminder deliveries of periods no longer open)`);
  console.log(`    select 1 round trip             ${fmt(r.ping)}`);
  console.log(`    due tick, plan built at 07:55   ${fmt(r.due)}`);
  console.log(`    due tick, rebuilt (before)      ${fmt(r.dueRebuilt)}`);
  console.log(`    due tick, first and committed   ${r.committed.toFixed(2).padStart(9)} ms`);
    console.log(`    quiet tick, rebuilt (before)    ${fmt(r.quietRebuilt)}`);
    console.log(`    quiet tick, first after the due ${r.firstQuiet.toFixed(2).padStart(9)} ms  (the due tick's deliveries kept as a delta: no rebuild)`);
    console.log(`    quiet tick, plan kept (after)   ${fmt(r.quiet)}`);
  console.log(`    plan of the reported keys:      ${r.plans.reportedKeys.join(" / ")}`);
  console.log(`    plan of today's deliveries:     ${r.plans.deliveries.join(" / ")}`);
}
let pass = true;
for (const big of results.filter((r) => r.reports === 1_000_000)) {
  const ok = big.due.median <= DUE_TARGET_MS && big.quiet.median <= QUIET_TARGET_MS;
  pass &&= ok;
  console.log(
    `${ok ? "PASS" : "FAIL"}: ${big.engine} at 1,000,000 reports, due tick median ${big.due.median.toFixed(1)} ms (target ≤ ${DUE_TARGET_MS} ms), quiet tick median ${big.quiet.median.toFixed(1)} ms (target ≤ ${QUIET_TARGET_MS} ms)`,
  );
}
process.exit(pass ? 0 : 1);

async function tickBench(engine: Engine, reports: number, server: Parameters<typeof openBenchProvince>[2]) {
  const p = await openBenchProvince(engine, reports === 20_000 ? { reports, fromYear: 2026 } : { reports }, server);
  const { db, province } = p;
  try {
    const clock = fixedClock(province.now);
    const tick = () => runReminderTick({ db, clock, config, logger });
    const h0 = performance.now();
    const pruned = (await housekeeping(db, clock, logger)).reminderDeliveries;
    const housekeepingMs = performance.now() - h0;
    // Each due run finds the plan the 07:55 tick built (untimed; the rolled-back run before left a stamp
    // that no longer holds, so that tick rebuilds), as the service's first sending moment of the day does.
    const at = (minutes: number) => clock.set(new Date(province.now.getTime() + minutes * 60_000));
    const buildAhead = async () => {
      at(-10);
      await tick();
      at(0);
    };
    const due = await measure(() => rolledBack(db, tick), RUNS, 1, buildAhead);
    // Before: the plan dropped, as every due tick found it before it was built ahead (a rebuild plus the queuing).
    const dueRebuilt = await measure(() => rolledBack(db, () => (forgetKeptReminderPlan(db), tick())), RUNS, 1);
    await buildAhead();
    const t0 = performance.now();
    const first: ReminderTickResult = await tick();
    const committed = performance.now() - t0;
    let minute = 0;
    const quietTick = async (rebuild: boolean) => {
      clock.set(new Date(province.now.getTime() + (minute += 5) * 60_000));
      if (rebuild) forgetKeptReminderPlan(db);
      const r = await tick();
      if (r.digests + r.escalations > 0) throw new Error(`the tick at +${minute} min queued ${r.digests} digests: not a quiet tick`);
    };
    // The first quiet tick after the due one: the due tick's deliveries are a delta of its kept plan; timed alone.
    const q0 = performance.now();
    await quietTick(false);
    const firstQuiet = performance.now() - q0;
    // Before (every tick rebuilt its plan) and after (the plan kept while the stamps hold), in the same run.
    const quietRebuilt: Timing = await measure(() => quietTick(true), RUNS, 1);
    const quiet: Timing = await measure(() => quietTick(false), RUNS, 1);
    const ping = await measure(() => pingDatabase(db), 200, 20);
    const periodKeys = ["2026-10", "2026-11", "2026-Q3", "2026-Q4", "2025", "2026"];
    const placeholders = periodKeys.map(() => "?").join(", ");
    const plans = {
      reportedKeys: await queryPlan(db, `select subject_key, unit_id, period_key, figure_status from reports where period_key in (${placeholders})`, periodKeys),
      deliveries: await queryPlan(db, "select person_id, lines from reminder_deliveries where person_id in (?, ?, ?) and local_date = ?", [1, 2, 3, "2026-11-23"]),
    };
    const deliveriesRows = Number(((await db.$executor.execute("select count(*) from reminder_deliveries", [], "get")).rows as [number])[0]);
    return { engine, reports, province, due, dueRebuilt, first, committed, quiet, quietRebuilt, firstQuiet, ping, plans, deliveriesRows, pruned, housekeepingMs };
  } finally {
    await p.close();
  }
}

/** Runs fn inside a transaction that is then rolled back: the database is as before, whatever fn wrote. */
async function rolledBack(db: Db, fn: () => Promise<unknown>): Promise<void> {
  const rollback = new Error("rolled back on purpose");
  try {
    await inTransaction(db, async () => {
      await fn();
      throw rollback;
    });
  } catch (err) {
    if (err !== rollback) throw err;
  }
}
