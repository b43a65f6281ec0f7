import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import type { AppDb, Engine } from "../../db/app-db.ts";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { startPostgres, type PostgresServer } from "./postgres-server.ts";
import { skipPostgres } from "./postgres-tests.ts";

/** Gives a fresh, migrated, empty database each call; everything it gave is closed and removed after the describe. */
export type OpenDb = () => Promise<AppDb>;

/**
 * Runs the same tests on each engine: `describeEachEngine("reports", (openDb, engine) => { it(…) })`
 * declares "reports (sqlite)" and "reports (postgres)". The PostgreSQL arm is skipped (the global
 * setup prints why, once) where this machine has no PostgreSQL server.
 */
export function describeEachEngine(name: string, body: (openDb: OpenDb, engine: Engine) => void): void {
  describe(`${name} (sqlite)`, () => {
    const sqlite = sqliteDatabases();
    body(sqlite.open, "sqlite");
  });
  describe.skipIf(skipPostgres)(`${name} (postgres)`, { timeout: 60_000 }, () => {
    const postgres = postgresDatabases();
    body(postgres.open, "postgres");
  });
}

/**
 * SQLite: a temp file through openDatabase. Until the async data layer lands (issue 11), openDatabase
 * returns the synchronous better-sqlite3 handle: awaited builder queries work on it, `$executor` does
 * not; with that branch it returns the AppDb itself and the casts below become no-ops.
 */
export function sqliteDatabases(): { open: OpenDb } {
  const cleanups: (() => Promise<void>)[] = [];
  afterAll(async () => {
    for (const cleanup of cleanups.splice(0)) await cleanup();
  });
  return {
    async open() {
      const dir = mkdtempSync(join(tmpdir(), "chitieu-engine-"));
      const db = await openDatabase(join(dir, "chitieu.db"));
      cleanups.push(async () => {
        await closeDatabase(db as Parameters<typeof closeDatabase>[0]);
        rmSync(dir, { recursive: true, force: true });
      });
      return db as unknown as AppDb;
    },
  };
}

export interface PostgresDatabases {
  /** A fresh database, copied from a migrated template (CREATE DATABASE … TEMPLATE), as an AppDb. */
  open: OpenDb;
  /** A fresh database's URL, for tests that open their own pools (several "instances"). */
  freshUrl(): Promise<string>;
  server(): PostgresServer;
}

/**
 * PostgreSQL: one throwaway server for the describe (tests/support/postgres-server.ts), one database
 * migrated once as the template, and a copy of it per call, dropped at the end. Call inside a describe.
 */
export function postgresDatabases(options: { pool?: number } = {}): PostgresDatabases {
  let server: PostgresServer | undefined;
  let created = 0;
  const databases: string[] = [];
  const opened: AppDb[] = [];
  beforeAll(async () => {
    server = await startPostgres();
    const templateUrl = await server.createDatabase("chitieu_template");
    const migrated = await openPostgresAppDb(templateUrl, { max: 1 });
    await migrated.$executor.close();
  }, 120_000);
  afterAll(async () => {
    for (const db of opened.splice(0)) await db.$executor.close();
    if (server) {
      const admin = new pg.Client({ connectionString: server.url });
      await admin.connect();
      try {
        for (const name of databases.splice(0)) await admin.query(`drop database if exists ${name} with (force)`);
      } finally {
        await admin.end();
      }
      await server.stop();
    }
  }, 60_000);
  const freshUrl = async () => {
    if (!server) throw new Error("postgresDatabases: the server starts in beforeAll; call open() inside a test or a hook");
    const name = `chitieu_test_${++created}`;
    const admin = new pg.Client({ connectionString: server.url });
    await admin.connect();
    try {
      await admin.query(`create database ${name} template chitieu_template`);
    } finally {
      await admin.end();
    }
    databases.push(name);
    return server.url.replace(/\/postgres$/, `/${name}`);
  };
  return {
    freshUrl,
    async open() {
      const db = await openPostgresAppDb(await freshUrl(), { max: options.pool ?? 4 });
      opened.push(db);
      return db;
    },
    server() {
      if (!server) throw new Error("postgresDatabases: the server starts in beforeAll");
      return server;
    },
  };
}
