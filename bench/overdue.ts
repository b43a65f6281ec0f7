/**
 * npm run bench:overdue
 *
 * "What's overdue" for one unit — the read the chat's /quahan runs (createChatLookups(…).overdueForUnit),
 * for the department with the most assignments in its subtree — over a province of 1,000,000 reports
 * (bench/support/generate-province.ts), on SQLite and on PostgreSQL (bench/support/bench-engines.ts).
 * Beside it, in the same run: the same read over a province of 20,000 reports, and a bare `select 1`
 * round trip. The first call of a connection fills the catalogue cache (cold); a chat turn normally
 * finds it filled (warm).
 *
 * Target (issue 11): ≤ 20 ms at 1,000,000 reports (warm median), on each engine.
 * Last run (6 December 2026, load average 11 – 18 on the 2 shared cores): SQLite 12.5 ms (CPU 7.7 ms), PostgreSQL
 * 11.5 ms (CPU 8.8 ms) — PASS; before this round PostgreSQL took 24 – 150 ms: ten reads in a row, now about four.
 */
import type { Engine } from "../db/app-db.ts";
import { pingDatabase } from "../db/client.ts";
import { createChatLookups } from "../src/services/chat-lookups.ts";
import { benchEngines, openBenchProvince, withBenchServer } from "./support/bench-engines.ts";
import { fmt, machineLoad, measure } from "./support/measure.ts";

const TARGET_MS = 20;
const RUNS = 15;
const SIZES = [20_000, 1_000_000];
const engines = benchEngines();
const loadBefore = await machineLoad();

const results = await withBenchServer(engines, async (server) => {
  const out = [];
  for (const engine of engines) for (const reports of SIZES) out.push(await overdueBench(engine, reports, server));
  return out;
});

console.log(`bench:overdue — /quahan for one department with its sub-units at ${results[0]!.province.now.toISOString()}, median of ${RUNS} runs; ${loadBefore} before, ${await machineLoad()} after`);
for (const r of results) {
  console.log(`  ${r.engine.padEnd(8)} ${r.reports.toLocaleString("en").padStart(9)} reports (${r.province.assignments.toLocaleString("en")} assignments), ${r.lines} overdue or due-soon lines`);
  console.log(`    select 1 round trip                ${fmt(r.ping)}`);
  console.log(`    overdueForUnit, first call (cold)  ${r.cold.toFixed(2).padStart(9)} ms`);
  console.log(`    overdueForUnit (warm)              ${fmt(r.warm)}`);
}
let pass = true;
for (const big of results.filter((r) => r.reports === 1_000_000)) {
  const ok = big.warm.median <= TARGET_MS;
  pass &&= ok;
  console.log(`${ok ? "PASS" : "FAIL"}: ${big.engine} overdueForUnit at 1,000,000 reports, median ${big.warm.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`);
}
process.exit(pass ? 0 : 1);

async function overdueBench(engine: Engine, reports: number, server: Parameters<typeof openBenchProvince>[2]) {
  const p = await openBenchProvince(engine, reports === 20_000 ? { reports, fromYear: 2026 } : { reports }, server);
  const { db, province } = p;
  try {
    const unit = province.busiestDepartmentId;
    const read = () => createChatLookups(db, province.now).overdueForUnit(unit);
    const t0 = performance.now();
    const lines = (await read()).length;
    const cold = performance.now() - t0;
    const warm = await measure(read, RUNS, 2);
    const ping = await measure(() => pingDatabase(db), 200, 20);
    return { engine, reports, province, lines, cold, warm, ping };
  } finally {
    await p.close();
  }
}
