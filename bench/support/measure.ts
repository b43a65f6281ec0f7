import type { Db } from "../../db/client.ts";

/**
 * Wall time of fn over several runs after a warm-up: median, min and max in milliseconds, and the
 * median of this process's CPU time (user + system), the steadier figure on a shared, loaded machine.
 * On PostgreSQL the server's own CPU is in another process: compare the wall times there.
 */
export interface Timing {
  median: number;
  min: number;
  max: number;
  cpu: number;
}

export async function measure(fn: () => unknown, runs: number, warmup = 1, before?: () => unknown): Promise<Timing> {
  for (let i = 0; i < warmup; i += 1) {
    await before?.();
    await fn();
  }
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    // Untimed: what each run needs first (the reminder tick's plan built ahead, say).
    await before?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpus.push((c.user + c.system) / 1000);
  }
  times.sort((a, b) => a - b);
  cpus.sort((a, b) => a - b);
  return { median: times[Math.floor(times.length / 2)]!, min: times[0]!, max: times[times.length - 1]!, cpu: cpus[Math.floor(cpus.length / 2)]! };
}

export function fmt(m: Timing): string {
  return `${m.median.toFixed(2).padStart(9)} ms  (min ${m.min.toFixed(2)}, max ${m.max.toFixed(2)}; CPU ${m.cpu.toFixed(2)} ms)`;
}

/** The plan the engine picks for a statement (`?` placeholders), one line per step: SQLite's EXPLAIN QUERY PLAN, PostgreSQL's EXPLAIN. */
export async function queryPlan(db: Db, sql: string, params: unknown[]): Promise<string[]> {
  const sqlite = db.$executor.engine === "sqlite";
  const rows = (await db.$executor.execute(`${sqlite ? "explain query plan" : "explain"} ${sql}`, params, "all")).rows as unknown[][];
  return rows.map((r) => String(sqlite ? r[3] : r[0]).trim());
}

/** The machine's load (1, 5 and 15 minutes) and core count, printed beside the figures: they were taken on a shared machine. */
export async function machineLoad(): Promise<string> {
  const { loadavg, cpus } = await import("node:os");
  return `load ${loadavg().map((l) => l.toFixed(2)).join(" / ")} on ${cpus().length} cores`;
}
