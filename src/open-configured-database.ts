import { openDatabase, type Db } from "../db/client.ts";
import type { Config } from "./config.ts";
import { redactDatabaseUrl } from "./redact-database-url.ts";

/**
 * The database the configuration names, for the service and the command line alike.
 * DATABASE_URL set: PostgreSQL (issue 11), its migrations applied at start under an advisory lock, so
 * instances starting together take turns (db/pg-client.ts); several instances may share it. Unset:
 * the SQLite file, as always. A server that does not answer fails the start, its password hidden.
 */
export async function openConfiguredDatabase(config: Config): Promise<Db> {
  if (!config.DATABASE_URL) return openDatabase(config.databaseFile);
  // pg and its Drizzle driver load only here: a SQLite install (the CLI's every call) never pays for them.
  const { openPostgresAppDb } = await import("../db/pg-client.ts");
  try {
    return await openPostgresAppDb(config.DATABASE_URL);
  } catch (err) {
    // pg's errors name host and port, never the password; the URL is shown redacted all the same.
    throw new Error(`PostgreSQL at ${redactDatabaseUrl(config.DATABASE_URL)}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
