import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { QueryMethod, QueryResult } from "../../db/app-db.ts";
import { closeDatabase, openDatabase, type Db } from "../../db/client.ts";
import { createAppDb } from "../../db/app-db.ts";
import { createPostgresPool, PostgresExecutor } from "../../db/postgres-executor.ts";
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

let created = 0;

function tempPostgresDatabase(dir: string): { db: Db; dir: string; file: string; remove: () => void } {
  const file = join(dir, "postgres-database");
  const serverUrl = testPostgresUrl();
  const reopening = existsSync(file);
  const name = reopening ? readFileSync(file, "utf8").trim() : `chitieu_t${process.pid}_${++created}`;
  if (!reopening) writeFileSync(file, `${name}\n`);
  // tempDatabase is synchronous (as it is on SQLite): the copy is made in the background and every query waits for it.
  const ready = reopening ? Promise.resolve() : admin(serverUrl, `create database ${name} template ${testTemplateDatabase}`);
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

async function admin(serverUrl: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
