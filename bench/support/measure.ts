/**
 * Wall time of fn over several runs after a warm-up: median, min and max in milliseconds, and the
 * median of this process's CPU time (user + system), the steadier figure on a shared, loaded machine.
 */
export interface Timing {
  median: number;
  min: number;
  max: number;
  cpu: number;
}

export function measure(fn: () => unknown, runs: number, warmup = 1): Timing {
  for (let i = 0; i < warmup; i += 1) fn();
  const times: number[] = [];
  const cpus: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
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

/** The plan SQLite chose for a statement, one line per step (EXPLAIN QUERY PLAN). */
export function queryPlan(client: { prepare(sql: string): { all(...params: unknown[]): unknown[] } }, sql: string, ...params: unknown[]): string[] {
  return (client.prepare(`explain query plan ${sql}`).all(...params) as { detail: string }[]).map((r) => r.detail);
}
