/**
 * The engines a bench runs on, and the synthetic province (generate-province.ts) on each of them.
 *
 * `npm run bench:x` runs on SQLite and, where this machine has Debian's PostgreSQL server programs,
 * on a throwaway PostgreSQL cluster started the way the tests start theirs (tests/support/postgres-server.ts),
 * stopped and removed at the end. `BENCH_ENGINES=sqlite` (or `postgres`) runs one of them.
 *
 * PostgreSQL gets the very province SQLite gets: the small tables of the generated SQLite file go into
 * a fresh migrated database by the service's own copy (db/copy-sqlite-to-postgres.ts, as `npm run cli
 * -- db copy`), the three big ones (reports, revisions, reminder deliveries) 20,000 rows a statement;
 * then ANALYZE (a bulk load leaves the planner no statistics until autovacuum comes by).
 */
import { copyFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import Database from "better-sqlite3";
import type { Engine } from "../../db/app-db.ts";
import { analyzeAll, copyRowsToPostgres, resetIdSequence, type BulkTable } from "../../db/repositories/bulk-load-repository.ts";
import { closeDatabase, type Db } from "../../db/client.ts";
import { copySqliteToPostgres } from "../../db/copy-sqlite-to-postgres.ts";
import { closePostgres, openPostgres, openPostgresAppDb } from "../../db/pg-client.ts";
import { postgresMissingReason, startPostgres, type PostgresServer } from "../../tests/support/postgres-server.ts";
import { openProvince, type Province, type ProvinceOptions } from "./generate-province.ts";

export interface BenchProvince {
  engine: Engine;
  db: Db;
  province: Province;
  close(): Promise<void>;
}

/** The engines asked for (BENCH_ENGINES=sqlite,postgres by default); PostgreSQL is left out, with a line saying why, where it cannot start. */
export function benchEngines(log: (line: string) => void = console.log): Engine[] {
  const asked = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",").map((e) => e.trim());
  const engines = asked.filter((e): e is Engine => e === "sqlite" || e === "postgres");
  const missing = postgresMissingReason();
  if (engines.includes("postgres") && missing) {
    log(`PostgreSQL left out: ${missing}`);
    return engines.filter((e) => e !== "postgres");
  }
  return engines;
}

/**
 * Runs fn with a throwaway PostgreSQL server when the engines include it (undefined otherwise), and
 * stops the server whatever happens.
 */
export async function withBenchServer<T>(engines: Engine[], fn: (server: PostgresServer | undefined) => Promise<T>): Promise<T> {
  if (!engines.includes("postgres")) return await fn(undefined);
  const server = await startPostgres();
  try {
    return await fn(server);
  } finally {
    await server.stop();
  }
}

let databases = 0;

/** The province of these options on this engine, opened as the service opens it; close() removes it. */
export async function openBenchProvince(engine: Engine, options: ProvinceOptions, server: PostgresServer | undefined, log: (line: string) => void = console.log): Promise<BenchProvince> {
  const sqlite = await openProvince(options, log);
  if (engine === "sqlite") {
    return { engine, db: sqlite.db, province: sqlite.province, close: sqlite.close };
  }
  if (!server) throw new Error("openBenchProvince: PostgreSQL needs the server of withBenchServer");
  const url = await server.createDatabase(`bench_${process.pid}_${++databases}`);
  const t0 = performance.now();
  // The small tables through the service's own copy (every mapping checked); the three big ones after it,
  // a batch of rows per statement (copyRowsToPostgres): the service's copy binds every value and takes hours here.
  const small = join(dirname(sqlite.file), `small-${basename(sqlite.file)}`);
  copyFileSync(sqlite.file, small);
  const big: BulkTable[] = ["reminder_deliveries", "report_revisions", "reports"];
  const trimmed = new Database(small);
  for (const table of big) trimmed.exec(`delete from ${table}`);
  trimmed.close();
  const target = await openPostgres(url, { max: 2 });
  try {
    await copySqliteToPostgres(small, target, { batchSize: 2000 });
  } finally {
    await closePostgres(target);
    rmSync(small, { force: true });
  }
  const db = await openPostgresAppDb(url, { max: 10 });
  const source = new Database(sqlite.file, { readonly: true });
  try {
    for (const table of [...big].reverse()) {
      let batch: Record<string, unknown>[] = [];
      for (const row of source.prepare(`select * from ${table} order by id`).iterate() as IterableIterator<Record<string, unknown>>) {
        // A JSON column is text in SQLite: given as its value, so that jsonb holds the array, not a string.
        batch.push(row);
        if (batch.length === 20_000) {
          await copyRowsToPostgres(db, table, batch);
          batch = [];
        }
      }
      await copyRowsToPostgres(db, table, batch);
      await resetIdSequence(db, table);
    }
    await analyzeAll(db);
  } finally {
    source.close();
    await sqlite.close();
  }
  log(`copied the province of ${sqlite.province.reports.toLocaleString("en")} reports into PostgreSQL and analyzed it in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return { engine, db, province: sqlite.province, close: () => closeDatabase(db) };
}
