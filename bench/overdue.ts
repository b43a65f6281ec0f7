/**
 * npm run bench:overdue
 *
 * "What's overdue" for one unit — the read the chat's /quahan runs (createChatLookups(…).overdueForUnit),
 * for the department with the most assignments in its subtree — over a province of 1,000,000 reports
 * (bench/support/generate-province.ts). Beside it, in the same run: the same read over a province of
 * 20,000 reports, and a bare `select 1` round trip. The first call of a connection fills the
 * catalogue cache (cold); a chat turn normally finds it filled (warm).
 *
 * Target (issue 11): ≤ 20 ms at 1,000,000 reports (warm median).
 */
import { pingDatabase } from "../db/client.ts";
import { createChatLookups } from "../src/services/chat-lookups.ts";
import { openProvince } from "./support/generate-province.ts";
import { fmt, measure } from "./support/measure.ts";

const TARGET_MS = 20;
const RUNS = 15;

const results = (await Promise.all([20_000, 1_000_000].map(async (reports) => {
  const p = await openProvince(reports === 20_000 ? { reports, fromYear: 2026 } : { reports });
  const { db, province } = p;
  const unit = province.busiestDepartmentId;
  const read = () => createChatLookups(db, province.now).overdueForUnit(unit);
  const t0 = performance.now();
  const lines = (await read()).length;
  const cold = performance.now() - t0;
  const warm = measure(read, RUNS, 2);
  const ping = measure(() => pingDatabase(db), 200, 20);
  p.close();
  return { reports, province, lines, cold, warm, ping };
})));

console.log(`bench:overdue — /quahan for one department with its sub-units at ${results[0]!.province.now.toISOString()}, median of ${RUNS} runs`);
for (const r of results) {
  console.log(`  ${r.reports.toLocaleString("en").padStart(9)} reports (${r.province.assignments.toLocaleString("en")} assignments), ${r.lines} overdue or due-soon lines`);
  console.log(`    select 1 round trip                ${fmt(r.ping)}`);
  console.log(`    overdueForUnit, first call (cold)  ${r.cold.toFixed(2).padStart(9)} ms`);
  console.log(`    overdueForUnit (warm)              ${fmt(r.warm)}`);
}
const big = results[1]!;
const pass = big.warm.median <= TARGET_MS;
console.log(`${pass ? "PASS" : "FAIL"}: overdueForUnit at 1,000,000 reports, median ${big.warm.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`);
process.exit(pass ? 0 : 1);
