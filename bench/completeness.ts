/**
 * npm run bench:completeness
 *
 * A province's completeness for a period: the read model (src/services/reporting-status.ts,
 * reportingStatus + summariseByUnit) for the last closed month and quarter, over a province of
 * 1,000,000 reports (bench/support/generate-province.ts), on SQLite and on PostgreSQL
 * (bench/support/bench-engines.ts). Beside it, in the same run: the same over a province of 20,000
 * reports, and a bare `select 1` round trip.
 *
 * Target (issue 11): ≤ 200 ms at 1,000,000 reports, for the month, on each engine.
 */
import type { Engine } from "../db/app-db.ts";
import { pingDatabase } from "../db/client.ts";
import { reportingStatus, summariseByUnit } from "../src/services/reporting-status.ts";
import { benchEngines, openBenchProvince, withBenchServer } from "./support/bench-engines.ts";
import { fmt, machineLoad, measure } from "./support/measure.ts";

const TARGET_MS = 200;
const RUNS = 9;
const MONTH = "2026-10";
const QUARTER = "2026-Q3";
const SIZES = [20_000, 1_000_000];
const engines = benchEngines();
const loadBefore = await machineLoad();

const results = await withBenchServer(engines, async (server) => {
  const out = [];
  for (const engine of engines) for (const reports of SIZES) out.push(await completenessBench(engine, reports, server));
  return out;
});

console.log(`bench:completeness — reportingStatus + summariseByUnit for the whole province, median of ${RUNS} runs; ${loadBefore} before, ${await machineLoad()} after`);
for (const r of results) {
  console.log(`  ${r.engine.padEnd(8)} ${r.reports.toLocaleString("en").padStart(9)} reports (${r.province.assignments.toLocaleString("en")} assignments): ${r.rows.toLocaleString("en")} rows for ${MONTH}, ${r.units} units`);
  console.log(`    select 1 round trip          ${fmt(r.ping)}`);
  console.log(`    completeness of ${MONTH}      ${fmt(r.month)}`);
  console.log(`    completeness of ${QUARTER}      ${fmt(r.quarter)}`);
}
let pass = true;
for (const big of results.filter((r) => r.reports === 1_000_000)) {
  const ok = big.month.median <= TARGET_MS;
  pass &&= ok;
  console.log(`${ok ? "PASS" : "FAIL"}: ${big.engine} completeness of ${MONTH} at 1,000,000 reports, median ${big.month.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`);
}
process.exit(pass ? 0 : 1);

async function completenessBench(engine: Engine, reports: number, server: Parameters<typeof openBenchProvince>[2]) {
  const p = await openBenchProvince(engine, reports === 20_000 ? { reports, fromYear: 2026 } : { reports }, server);
  const { db, province } = p;
  try {
    const read = async (periodKey: string) => summariseByUnit(await reportingStatus(db, { periodKey, now: province.now }));
    const units = (await read(MONTH)).length;
    const rows = (await reportingStatus(db, { periodKey: MONTH, now: province.now })).length;
    const month = await measure(() => read(MONTH), RUNS, 1);
    const quarter = await measure(() => read(QUARTER), RUNS, 1);
    const ping = await measure(() => pingDatabase(db), 200, 20);
    return { engine, reports, province, units, rows, month, quarter, ping };
  } finally {
    await p.close();
  }
}
