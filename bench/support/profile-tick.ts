/**
 * npx tsx bench/support/profile-tick.ts [postgres]: over the 1,000,000-report province, the tick at 07:55
 * (before the day's first sending moment: it builds the day's plan ahead), then the due tick at 08:05
 * (rolled back), three times, then one quiet tick; for the last due tick and the quiet one, every
 * statement the executor ran, its count and total time, slowest first — the profile behind
 * bench:reminder-tick.
 */
import type { Engine } from "../../db/app-db.ts";
import { inTransaction } from "../../db/client.ts";
import { fixedClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { housekeeping } from "../../src/jobs/housekeeping.ts";
import { runReminderTick } from "../../src/services/reminders.ts";
import { openBenchProvince, withBenchServer } from "./bench-engines.ts";

const engine: Engine = process.argv[2] === "postgres" ? "postgres" : "sqlite";
await withBenchServer([engine], async (server) => {
  const p = await openBenchProvince(engine, { reports: 1_000_000 }, server);
  const clock = fixedClock(p.province.now);
  const deps = { db: p.db, clock, config: loadConfig({ DATABASE_FILE: ":memory:" }), logger: createLogger("silent") };
  await housekeeping(p.db, clock, deps.logger);
  const executor = p.db.$executor;
  const execute = executor.execute.bind(executor);
  let stats = new Map<string, { n: number; ms: number }>();
  executor.execute = async (sql, params, method) => {
    const t0 = performance.now();
    try {
      return await execute(sql, params, method);
    } finally {
      const key = sql.replace(/\s+/g, " ").slice(0, 140);
      const s = stats.get(key) ?? { n: 0, ms: 0 };
      s.n += 1;
      s.ms += performance.now() - t0;
      stats.set(key, s);
    }
  };
  const at = (minutes: number) => clock.set(new Date(p.province.now.getTime() + minutes * 60_000));
  const report = async (label: string, fn: () => Promise<unknown>, print: boolean) => {
    stats = new Map();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    const total = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const rows = [...stats].sort((a, b) => b[1].ms - a[1].ms);
    console.log(`${engine} ${label}: ${total.toFixed(1)} ms (CPU ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms), ${rows.reduce((n, [, s]) => n + s.n, 0)} statements, ${rows.reduce((n, [, s]) => n + s.ms, 0).toFixed(1)} ms in them`);
    if (print) for (const [sql, s] of rows.slice(0, 12)) console.log(`  ${s.ms.toFixed(1).padStart(8)} ms ×${String(s.n).padStart(5)}  ${sql}`);
  };
  const rollback = new Error("rollback");
  const rolledBack = () => inTransaction(p.db, async () => { await runReminderTick(deps); throw rollback; }).catch((e: unknown) => { if (e !== rollback) throw e; });
  for (let run = 1; run <= 3; run += 1) {
    at(-10);
    await report(`07:55 tick (run ${run})`, () => runReminderTick(deps), false);
    at(0);
    await report(`due tick at 08:05, rolled back (run ${run})`, rolledBack, run === 3);
  }
  await runReminderTick(deps);
  at(5);
  await report("first quiet tick at 08:10", () => runReminderTick(deps), true);
  at(10);
  await report("quiet tick at 08:15", () => runReminderTick(deps), true);
  await p.close();
});
