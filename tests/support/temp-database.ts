import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { QueryMethod, QueryResult } from "../../db/app-db.ts";
import { closeDatabase, openDatabase, type Db } from "../../db/client.ts";
import { createAppDb } from "../../db/app-db.ts";
import { createPostgresPool, PostgresExecutor } from "../../db/postgres-executor.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { testEngine, testPostgresUrl, testTemplateDatabase } from "./test-engine.ts";

/**
 * A fresh migrated database in a fresh temp folder (or an existing one, to reopen it); remove()
 * closes and deletes it.
 * - SQLite (default): a real file, `file`, in the folder.
 * - TEST_ENGINE=postgres: a database copied from the run's migrated template (test-engine.ts); the
 *   folder holds its name (`file`), so reopening the folder reopens that database. remove() drops it.
 */
export function tempDatabase(existingDir?: string): { db: Db; dir: string; file: string; remove: () => void } {
  const dir = existingDir ?? mkdtempSync(join(tmpdir(), "chitieu-test-"));
  if (testEngine === "postgres") return tempPostgresDatabase(dir);
  const file = join(dir, "chitieu.db");
  const db = openDatabase(file);
  return {
    db,
    dir,
    file,
    // SQLite closes at once (closeDatabase's promise is settled when it returns): remove stays synchronous for afterEach hooks.
    remove: () => {
      void closeDatabase(db);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/**
 * tempDatabase() with the demo province loaded at `now` (db/seed/load-demo-data.ts), on either engine.
 * - SQLite: loadDemoData into the fresh file (about a second and a half).
 * - TEST_ENGINE=postgres: a copy of a demo template, built once per run and `now` by the first worker
 *   that asks (loadDemoData is some 4,000 round trips, five seconds and more on a busy machine; the
 *   copy is a fraction of a second). The copy is what loadDemoData would have written: loading the
 *   demo again into it does nothing, as on any database that has plans.
 */
export async function tempDemoDatabase(now: Date): Promise<ReturnType<typeof tempDatabase>> {
  if (testEngine === "postgres") return tempPostgresDatabase(mkdtempSync(join(tmpdir(), "chitieu-test-")), demoTemplate(now));
  const t = tempDatabase();
  await loadDemoData(t.db, now);
  return t;
}

/** The URL of the PostgreSQL database a tempDatabase folder names (TEST_ENGINE=postgres), else undefined. */
export function postgresDatabaseUrl(dir: string): string | undefined {
  const file = join(dir, "postgres-database");
  if (testEngine !== "postgres" || !existsSync(file)) return undefined;
  return testPostgresUrl().replace(/\/postgres$/, `/${readFileSync(file, "utf8").trim()}`);
}

let created = 0;

function tempPostgresDatabase(dir: string, template: Promise<string> = Promise.resolve(testTemplateDatabase)): { db: Db; dir: string; file: string; remove: () => void } {
  const file = join(dir, "postgres-database");
  const serverUrl = testPostgresUrl();
  const reopening = existsSync(file);
  const name = reopening ? readFileSync(file, "utf8").trim() : `chitieu_t${process.pid}_${++created}`;
  if (!reopening) writeFileSync(file, `${name}\n`);
  // tempDatabase is synchronous (as it is on SQLite): the copy is made in the background and every query waits for it.
  const ready = reopening ? Promise.resolve() : template.then((from) => admin(serverUrl, `create database ${name} template ${from}`));
  ready.catch(() => {});
  const executor = new PendingPostgresExecutor(createPostgresPool(serverUrl.replace(/\/postgres$/, `/${name}`), { max: 4 }), ready);
  const db = createAppDb(executor);
  return {
    db,
    dir,
    file,
    remove: () => {
      rmSync(dir, { recursive: true, force: true });
      void ready
        .then(() => executor.close())
        .then(() => admin(serverUrl, `drop database if exists ${name} with (force)`))
        .catch(() => {});
    },
  };
}

/** A PostgresExecutor whose queries wait until its database exists. */
class PendingPostgresExecutor extends PostgresExecutor {
  readonly #ready: Promise<void>;
  constructor(pool: pg.Pool, ready: Promise<void>) {
    super(pool);
    this.#ready = ready;
  }
  override async execute(sql: string, params: unknown[], method: QueryMethod): Promise<QueryResult> {
    await this.#ready;
    return super.execute(sql, params, method);
  }
  override async transaction<T>(fn: () => Promise<T>, mode: "deferred" | "immediate"): Promise<T> {
    await this.#ready;
    return super.transaction(fn, mode);
  }
}

const demoTemplates = new Map<number, Promise<string>>();

/**
 * The name of the run's demo template for `now`, built if no worker has built it yet: the workers
 * take turns on an advisory lock, the template is filled under a temporary name and renamed when
 * complete, so a template that exists is whole.
 */
function demoTemplate(now: Date): Promise<string> {
  let template = demoTemplates.get(now.getTime());
  if (!template) {
    template = buildDemoTemplate(now);
    demoTemplates.set(now.getTime(), template);
  }
  return template;
}

async function buildDemoTemplate(now: Date): Promise<string> {
  const name = `chitieu_demo_${now.getTime()}`;
  const serverUrl = testPostgresUrl();
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [demoTemplateLockKey]);
    const exists = await client.query("select 1 from pg_database where datname = $1", [name]);
    if (exists.rowCount) return name;
    const filling = `${name}_filling`;
    await client.query(`drop database if exists ${filling}`);
    await client.query(`create database ${filling} template ${testTemplateDatabase}`);
    const executor = new PostgresExecutor(createPostgresPool(serverUrl.replace(/\/postgres$/, `/${filling}`), { max: 1 }));
    try {
      await loadDemoData(createAppDb(executor), now);
    } finally {
      await executor.close();
    }
    await client.query(`alter database ${filling} rename to ${name}`);
    return name;
  } finally {
    await client.end(); // ends the session, and with it the advisory lock
  }
}

/** Any fixed 64-bit number: "chitieu demo template". */
const demoTemplateLockKey = 7_326_550_602;

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
