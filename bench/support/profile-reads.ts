/**
 * npx tsx bench/support/profile-reads.ts [sqlite|postgres]: the reads of bench:overdue ("what's overdue"
 * for the busiest department) and bench:completeness (the read model for a month, summarised by unit)
 * over the 1,000,000-report province, with every statement the executor ran, its count and total
 * time, slowest first, and the plan of each distinct statement (SQLite's EXPLAIN QUERY PLAN,
 * PostgreSQL's EXPLAIN ANALYZE with its own timing) — the profile behind those benches' figures.
 */
import type { Engine } from "../../db/app-db.ts";
import type { Db } from "../../db/client.ts";
import { createChatLookups } from "../../src/services/chat-lookups.ts";
import { reportingStatus, summariseByUnit } from "../../src/services/reporting-status.ts";
import { openBenchProvince, withBenchServer } from "./bench-engines.ts";

const engine: Engine = process.argv[2] === "postgres" ? "postgres" : "sqlite";
const RUNS = 5;

await withBenchServer([engine], async (server) => {
  const p = await openBenchProvince(engine, { reports: 1_000_000 }, server);
  const { db, province } = p;
  try {
    const executor = db.$executor;
    const execute = executor.execute.bind(executor);
    let stats = new Map<string, { sql: string; params: unknown[]; n: number; ms: number }>();
    executor.execute = async (sql, params, method) => {
      const t0 = performance.now();
      try {
        return await execute(sql, params, method);
      } finally {
        const key = sql.replace(/\s+/g, " ").trim();
        const s = stats.get(key) ?? { sql, params, n: 0, ms: 0 };
        s.n += 1;
        s.ms += performance.now() - t0;
        stats.set(key, s);
      }
    };
    const profile = async (label: string, fn: () => Promise<unknown>) => {
      await fn();
      stats = new Map();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      for (let i = 0; i < RUNS; i += 1) await fn();
      const total = (performance.now() - t0) / RUNS;
      const c = process.cpuUsage(c0);
      const rows = [...stats.values()].sort((a, b) => b.ms - a.ms);
      const inStatements = rows.reduce((n, s) => n + s.ms, 0) / RUNS;
      console.log(`\n${engine} ${label}: ${total.toFixed(1)} ms a run (CPU ${((c.user + c.system) / 1000 / RUNS).toFixed(1)} ms), ${rows.reduce((n, s) => n + s.n, 0) / RUNS} statements, ${inStatements.toFixed(1)} ms in them`);
      for (const s of rows) console.log(`  ${(s.ms / RUNS).toFixed(2).padStart(8)} ms ×${String(s.n / RUNS).padStart(3)}  ${s.sql.replace(/\s+/g, " ").trim().slice(0, 200)}`);
      executor.execute = execute;
      try {
        for (const s of rows.slice(0, 6)) await explain(db, s.sql, s.params);
      } finally {
        executor.execute = wrapped;
      }
    };
    const wrapped = executor.execute;
    await profile(`overdueForUnit(${province.busiestDepartmentId})`, () => createChatLookups(db, province.now).overdueForUnit(province.busiestDepartmentId));
    await profile("completeness of 2026-10", async () => summariseByUnit(await reportingStatus(db, { periodKey: "2026-10", now: province.now })));
  } finally {
    await p.close();
  }
});

async function explain(db: Db, sql: string, params: unknown[]): Promise<void> {
  const sqlite = db.$executor.engine === "sqlite";
  const rows = (await db.$executor.execute(`${sqlite ? "explain query plan" : "explain (analyze, buffers off)"} ${sql}`, params, "all")).rows as unknown[][];
  console.log(`  plan of: ${sql.replace(/\s+/g, " ").trim().slice(0, 160)}`);
  for (const r of rows) console.log(`      ${String(sqlite ? r[3] : r[0])}`);
}
