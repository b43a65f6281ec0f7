import { postgresMissingReason } from "./postgres-server.ts";

/**
 * Whether this run has PostgreSQL tests to skip: `describe.skipIf(skipPostgres)(...)`. With CI set,
 * a missing PostgreSQL is a failure (CI must run both engines), so nothing is skipped and the
 * server's start reports why. The one line saying so is printed by postgres-global-setup.ts.
 */
export const skipPostgres = !process.env.CI && postgresMissingReason() !== undefined;
