import { spawn } from "node:child_process";
import { repoRoot } from "./start-service.ts";
import { postgresDatabaseUrl } from "./temp-database.ts";

export interface CliRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real CLI the way `npm run -s cli --` does, on the given data folder. */
export function runCli(dataDir: string, args: string[], env: Record<string, string> = {}): Promise<CliRun> {
  // The CLI speaks the terminal's language (LANG, LC_ALL): Vietnamese unless a test asks for English.
  // A tempDatabase folder on PostgreSQL names its database: the CLI opens it through DATABASE_URL, as on a server.
  const postgres = postgresDatabaseUrl(dataDir);
  const childEnv: NodeJS.ProcessEnv = { ...process.env, LANG: "C.UTF-8", LC_ALL: "", DATA_DIR: dataDir, NODE_ENV: "development", ...(postgres ? { DATABASE_URL: postgres } : {}), ...env };
  delete childEnv.DATABASE_FILE;
  const child = spawn(process.execPath, ["--import", "tsx", "src/cli/main.ts", ...args], { cwd: repoRoot, env: childEnv, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((done, fail) => {
    child.once("error", fail);
    child.once("close", (code) => done({ code, stdout, stderr }));
  });
}
