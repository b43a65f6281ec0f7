/**
 * npm run bench:completeness
 *
 * A province's completeness for a period: the read model (src/services/reporting-status.ts,
 * reportingStatus + summariseByUnit) for the last closed month and quarter, over a province of
 * 1,000,000 reports (bench/support/generate-province.ts). Beside it, in the same run: the same
 * over a province of 20,000 reports, and a bare `select 1` round trip.
 *
 * Target (issue 11): ≤ 200 ms at 1,000,000 reports, for the month.
 */
import { pingDatabase } from "../db/client.ts";
import { reportingStatus, summariseByUnit } from "../src/services/reporting-status.ts";
import { openProvince } from "./support/generate-province.ts";
import { fmt, measure } from "./support/measure.ts";

const TARGET_MS = 200;
const RUNS = 9;
const MONTH = "2026-10";
const QUARTER = "2026-Q3";

const results = (await Promise.all([20_000, 1_000_000].map(async (reports) => {
  const p = await openProvince(reports === 20_000 ? { reports, fromYear: 2026 } : { reports });
  const { db, province } = p;
  const read = async (periodKey: string) => summariseByUnit(await reportingStatus(db, { periodKey, now: province.now }));
  const units = (await read(MONTH)).length;
  const rows = (await reportingStatus(db, { periodKey: MONTH, now: province.now })).length;
  const month = measure(() => read(MONTH), RUNS, 1);
  const quarter = measure(() => read(QUARTER), RUNS, 1);
  const ping = measure(() => pingDatabase(db), 200, 20);
  p.close();
  return { reports, province, units, rows, month, quarter, ping };
})));

console.log(`bench:completeness — reportingStatus + summariseByUnit for the whole province, median of ${RUNS} runs`);
for (const r of results) {
  console.log(`  ${r.reports.toLocaleString("en").padStart(9)} reports (${r.province.assignments.toLocaleString("en")} assignments): ${r.rows.toLocaleString("en")} rows for ${MONTH}, ${r.units} units`);
  console.log(`    select 1 round trip          ${fmt(r.ping)}`);
  console.log(`    completeness of ${MONTH}      ${fmt(r.month)}`);
  console.log(`    completeness of ${QUARTER}      ${fmt(r.quarter)}`);
}
const big = results[1]!;
const pass = big.month.median <= TARGET_MS;
console.log(`${pass ? "PASS" : "FAIL"}: completeness of ${MONTH} at 1,000,000 reports, median ${big.month.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`);
process.exit(pass ? 0 : 1);
