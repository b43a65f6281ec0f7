import type { TestProject } from "vitest/node";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { postgresMissingReason, startPostgres } from "./postgres-server.ts";

declare module "vitest" {
  export interface ProvidedContext {
    /** With TEST_ENGINE=postgres: the run's PostgreSQL server (maintenance database URL), started by postgres-global-setup.ts. */
    testPostgresUrl: string;
  }
}

/**
 * vitest globalSetup.
 * - One line for the whole run when the PostgreSQL tests are skipped; CI must have PostgreSQL.
 * - With TEST_ENGINE=postgres (npm run test:postgres): one throwaway server for the run, a template
 *   database migrated once (chitieu_template), its URL provided to the workers (test-engine.ts);
 *   every tempDatabase() is a copy of the template. The server is stopped at the end.
 */
export default async function postgresGlobalSetup(project: TestProject): Promise<(() => Promise<void>) | void> {
  const missing = postgresMissingReason();
  if (process.env.TEST_ENGINE === "postgres") {
    if (missing) throw new Error(`TEST_ENGINE=postgres but PostgreSQL cannot run here: ${missing}`);
    const server = await startPostgres();
    const templateUrl = await server.createDatabase("chitieu_template");
    const migrated = await openPostgresAppDb(templateUrl, { max: 1 });
    await migrated.$executor.close();
    project.provide("testPostgresUrl", server.url);
    process.stdout.write(`TEST_ENGINE=postgres: the suite's databases are copies of a migrated template on ${server.url} (started in ${server.startMs} ms).\n`);
    return () => server.stop();
  }
  if (!missing) return;
  if (process.env.CI) throw new Error(`CI=${process.env.CI} but PostgreSQL tests cannot run: ${missing}. .ci/run installs Debian's postgresql package.`);
  process.stdout.write(`PostgreSQL tests skipped: ${missing} (apt-get install postgresql to run them; CI always runs them).\n`);
}
