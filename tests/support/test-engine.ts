import type { Engine } from "../../db/app-db.ts";

// vitest is loaded only where it runs (a test worker): scripts outside vitest (npm run eval:messages,
// the benches) use tempDatabase() too, and importing vitest outside a worker throws.
const vitest = process.env.VITEST ? await import("vitest") : undefined;

/**
 * The engine under the suite's databases: `TEST_ENGINE=postgres` (npm run test:postgres) makes
 * tempDatabase() and the test app give a fresh PostgreSQL database copied from a migrated template;
 * anything else is SQLite, the default.
 */
export const testEngine: Engine = process.env.TEST_ENGINE === "postgres" ? "postgres" : "sqlite";

/** The template every test database is copied from (created and migrated once per run by the global setup). */
export const testTemplateDatabase = "chitieu_template";

/** The server's maintenance URL under TEST_ENGINE=postgres (throws on SQLite). */
export function testPostgresUrl(): string {
  // Outside vitest (a bench run on PostgreSQL), the server is named by TEST_POSTGRES_URL.
  const url = vitest ? vitest.inject("testPostgresUrl") : process.env.TEST_POSTGRES_URL;
  if (!url) throw new Error("TEST_ENGINE=postgres but no server was provided: is tests/support/postgres-global-setup.ts the vitest globalSetup (or TEST_POSTGRES_URL set, outside vitest)?");
  return url;
}

/**
 * A describe for tests about SQLite itself (the file, WAL, the better-sqlite3 connection, the SQLite
 * executor, file permissions, the service started on a file): they run on SQLite only and are skipped
 * under TEST_ENGINE=postgres. The reason is part of the describe's name so the skip says why.
 */
export function describeSqliteOnly(reason: string): typeof import("vitest").describe {
  void reason;
  if (!vitest) throw new Error("describeSqliteOnly is for test files run by vitest");
  return vitest.describe.skipIf(testEngine === "postgres") as typeof vitest.describe;
}
