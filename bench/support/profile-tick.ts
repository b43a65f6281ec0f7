/**
 * npx tsx bench/support/profile-tick.ts [postgres] [--cpu]: over the 1,000,000-report province, the tick at 07:55
 * (before the day's first sending moment: it builds the day's plan ahead), then the due tick at 08:05
 * (rolled back), five times, then one quiet tick; for the last due tick and the quiet one, every
 * statement the executor ran, its count and total time, slowest first — the profile behind
 * bench:reminder-tick. With --cpu, the five due ticks alone are also CPU-profiled (node:inspector):
 * the functions with the most self time, and the garbage collector's share, per due tick.
 */
import { Session } from "node:inspector/promises";
import type { Engine } from "../../db/app-db.ts";
import { inTransaction } from "../../db/client.ts";
import { fixedClock } from "../../src/clock.ts";
import { loadConfig } from "../../src/config.ts";
import { createLogger } from "../../src/logger.ts";
import { housekeeping } from "../../src/jobs/housekeeping.ts";
import { runReminderTick } from "../../src/services/reminders.ts";
import { openBenchProvince, withBenchServer } from "./bench-engines.ts";

const engine: Engine = process.argv.includes("postgres") ? "postgres" : "sqlite";
const cpuProfile = process.argv.includes("--cpu");

interface ProfileNode { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] }

/** Self time per function (name, file, line) over the profiled runs, per run. */
function printProfile(profile: Profile, runs: number): void {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const keyOf = (id: number) => {
    const f = byId.get(id)!.callFrame;
    return `${f.functionName || "(anonymous)"} ${f.url.replace(/^.*\/(src|db|bench|node_modules)\//, "$1/")}:${f.lineNumber + 1}`;
  };
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let total = 0;
  for (const [i, id] of profile.samples.entries()) {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    total += dt;
    self.set(keyOf(id), (self.get(keyOf(id)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let n: number | undefined = id; n !== undefined; n = parent.get(n)) seen.add(keyOf(n));
    for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + dt);
  }
  console.log(`  CPU profile of the due ticks: ${(total / runs).toFixed(1)} ms sampled per tick; self time per tick:`);
  for (const [k, ms] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(ms / runs).toFixed(2).padStart(8)} ms  ${k}`);
  console.log("  inclusive time per tick, the project's own functions:");
  for (const [k, ms] of [...inclusive].filter(([k]) => /(src|db)\//.test(k)).sort((a, b) => b[1] - a[1]).slice(0, 40)) console.log(`  ${(ms / runs).toFixed(2).padStart(8)} ms  ${k}`);
}
const session = new Session();
session.connect();
await session.post("Profiler.enable");
await session.post("Profiler.setSamplingInterval", { interval: 250 });
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
  const profiles: Profile[] = [];
  for (let run = 1; run <= 5; run += 1) {
    at(-10);
    await report(`07:55 tick (run ${run})`, () => runReminderTick(deps), false);
    at(0);
    if (cpuProfile) await session.post("Profiler.start");
    await report(`due tick at 08:05, rolled back (run ${run})`, rolledBack, run === 5);
    if (cpuProfile) profiles.push(((await session.post("Profiler.stop")) as unknown as { profile: Profile }).profile);
  }
  if (cpuProfile) {
    // Runs 2 to 5: the first run warms the JIT.
    const merged: Profile = { nodes: [], samples: [], timeDeltas: [] };
    for (const [r, pr] of profiles.slice(1).entries()) {
      const offset = (r + 1) * 1_000_000;
      merged.nodes.push(...pr.nodes.map((n) => ({ ...n, id: n.id + offset })));
      merged.samples.push(...pr.samples.map((id) => id + offset));
      merged.timeDeltas.push(...pr.timeDeltas);
    }
    printProfile(merged, profiles.length - 1);
    console.log("(runs 2 to 5)");
  }
  await runReminderTick(deps);
  const sizes = (await p.db.$executor.execute(
    "select (select count(*) from outbox where created_at = ?), (select sum(length(cast(payload as text))) from outbox where created_at = ?), (select count(*) from reminder_deliveries where created_at = ?), (select sum(length(cast(lines as text))) from reminder_deliveries where created_at = ?)",
    [p.province.now.getTime(), p.province.now.getTime(), p.province.now.getTime(), p.province.now.getTime()],
    "get",
  )).rows as unknown[];
  console.log(`${engine} the committed due tick wrote ${Number(sizes[0])} outbox rows (${Number(sizes[1]).toLocaleString("en")} characters of payload) and ${Number(sizes[2])} delivery rows (${Number(sizes[3]).toLocaleString("en")} characters of lines)`);
  at(5);
  await report("first quiet tick at 08:10", () => runReminderTick(deps), true);
  at(10);
  await report("quiet tick at 08:15", () => runReminderTick(deps), true);
  await p.close();
});
