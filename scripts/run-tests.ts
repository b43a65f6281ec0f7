import { spawnSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findPostgresBin } from "../tests/support/postgres-server.ts";

/**
 * `npm test`: the whole suite on SQLite, then the tests that touch a database again on a real
 * PostgreSQL server (TEST_ENGINE=postgres: each test's database is a copy of a migrated template on
 * a throwaway cluster, tests/support/temp-database.ts). `npm run test:sqlite` / `npm run test:postgres`
 * run one engine. Arguments go to vitest (`npm test -- tests/chat`); file or folder filters replace
 * the PostgreSQL run's folder list.
 *
 * Without Debian's PostgreSQL server programs the PostgreSQL run is skipped and says so; under CI
 * it fails instead (CI must run both engines; .ci/run installs the package).
 */
const root = join(dirname(fileURLToPath(import.meta.url)), "..");

/**
 * What touches a database through the repositories: these folders, and the tests of tests/e2e that
 * run the service in the test's process. The rest touch no engine (domain, reader, importers,
 * charts, i18n, architecture…) or run the service or the command line as a child process on a
 * SQLite file of their own (the other e2e tests; tests/e2e/npm-start-postgres.test.ts runs two
 * service processes on PostgreSQL in the SQLite run already).
 */
export const postgresTests = [
  "tests/db/",
  "tests/services/",
  "tests/reporting/",
  "tests/reminders/",
  "tests/chat/",
  "tests/http/",
  "tests/outbox/",
  "tests/exports/",
  "tests/console/",
  "tests/telegram/",
  "tests/zalo/",
  "tests/e2e/chat-files.test.ts",
  "tests/e2e/group-chats.test.ts",
  "tests/e2e/role-command-matrix.test.ts",
  "tests/e2e/telegram-conversations.test.ts",
];

/**
 * Not run again on PostgreSQL:
 * - Chromium drives the console's pages, which show what the console's HTTP tests read on both engines.
 * - The tests that start a PostgreSQL server of their own (tests/support/postgres-server.ts, or
 *   postgresDatabases in tests/support/engines.ts) and never open the run's engine: TEST_ENGINE changes
 *   nothing in them, and the SQLite run has already run them on PostgreSQL (CI fails without it).
 */
const postgresExcludes = [
  "tests/console/*browser*.test.ts",
  "tests/db/catalogue-version-postgres.test.ts",
  "tests/db/copy-to-postgres.test.ts",
  "tests/db/instance-lock-postgres.test.ts",
  "tests/db/memo-until-write.test.ts",
  "tests/db/postgres-migrations.test.ts",
  "tests/outbox/claims-postgres.test.ts",
  "tests/outbox/rate-limits-postgres.test.ts",
  "tests/services/same-report-two-instances-postgres.test.ts",
  "tests/services/update-claim-chat-lock-postgres.test.ts",
];

type Engine = "sqlite" | "postgres";
const [which = "both", ...vitestArgs] = process.argv.slice(2);
if (!["both", "sqlite", "postgres"].includes(which)) {
  process.stderr.write(`usage: tsx scripts/run-tests.ts both|sqlite|postgres [vitest arguments]\n`);
  process.exit(2);
}
const engines: Engine[] = which === "both" ? ["sqlite", "postgres"] : [which as Engine];
const filters = vitestArgs.filter((a) => !a.startsWith("-"));
const outcomes: string[] = [];
let failed = false;

for (const engine of engines) {
  if (engine === "postgres" && !findPostgresBin()) {
    if (process.env.CI) {
      outcomes.push("PostgreSQL: FAILED (no server programs found under /usr/lib/postgresql/*/bin; CI must run both engines: apt-get install postgresql)");
      failed = true;
    } else {
      outcomes.push("PostgreSQL: skipped (no server programs found; install Debian's postgresql)");
    }
    continue;
  }
  const args =
    engine === "sqlite" ? vitestArgs : [...(filters.length > 0 ? [] : postgresTests), ...postgresExcludes.flatMap((e) => ["--exclude", e]), ...vitestArgs];
  const env = { ...process.env, TEST_ENGINE: engine };
  const name = engine === "sqlite" ? "SQLite" : "PostgreSQL";
  process.stdout.write(`\n=== ${name}: vitest run ${args.join(" ")}\n`);
  const started = performance.now();
  const run = spawnSync(join(root, "node_modules", ".bin", "vitest"), ["run", ...args], { cwd: root, env, stdio: "inherit" });
  const seconds = Math.round((performance.now() - started) / 1000);
  const ok = run.status === 0;
  failed ||= !ok;
  outcomes.push(`${name}: ${ok ? "passed" : `FAILED (exit ${run.status ?? run.signal})`} in ${Math.floor(seconds / 60)} min ${seconds % 60} s`);
}

process.stdout.write(`\n${outcomes.join("\n")}\n`);
process.exit(failed ? 1 : 0);
