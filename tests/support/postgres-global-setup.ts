import { postgresMissingReason } from "./postgres-server.ts";

/** vitest globalSetup: one line for the whole run when the PostgreSQL tests are skipped; CI must have PostgreSQL. */
export default function postgresGlobalSetup(): void {
  const missing = postgresMissingReason();
  if (!missing) return;
  if (process.env.CI) throw new Error(`CI=${process.env.CI} but PostgreSQL tests cannot run: ${missing}. .ci/run installs Debian's postgresql package.`);
  process.stdout.write(`PostgreSQL tests skipped: ${missing} (apt-get install postgresql to run them; CI always runs them).\n`);
}
