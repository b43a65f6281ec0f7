import { execFile } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir, userInfo } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import pg from "pg";

const run = promisify(execFile);

/**
 * Where Debian's PostgreSQL server programs are (`/usr/lib/postgresql/<version>/bin`, newest first),
 * or PG_BIN if set. Undefined when this machine has no PostgreSQL server.
 */
export function findPostgresBin(): string | undefined {
  const candidates = process.env.PG_BIN ? [process.env.PG_BIN] : debianBinFolders();
  return candidates.find((dir) => ["initdb", "pg_ctl", "postgres"].every((p) => existsSync(join(dir, p))));
}

/** Why PostgreSQL tests cannot run here, or undefined when they can. */
export function postgresMissingReason(): string | undefined {
  if (!findPostgresBin()) return "no PostgreSQL server programs (initdb, pg_ctl) under /usr/lib/postgresql/*/bin or PG_BIN";
  if (userInfo().uid === 0 && !userId("postgres")) return "running as root and there is no 'postgres' user to run the server as";
  return undefined;
}

export interface PostgresServer {
  /** postgres://postgres@127.0.0.1:<port>/postgres — the maintenance database. */
  url: string;
  port: number;
  /** Creates an empty database and returns its URL. */
  createDatabase(name: string): Promise<string>;
  /** Stops the server and removes its folder. */
  stop(): Promise<void>;
  /** How long initdb + start took, in milliseconds. */
  startMs: number;
}

/**
 * A throwaway PostgreSQL cluster: initdb into a temp folder, started on 127.0.0.1 on a free port with
 * trust authentication, fsync off (nothing here must survive a crash of the machine). PostgreSQL
 * refuses to run as root, so as root the folder is given to the `postgres` user and its programs
 * run as that user (runuser). `pg_ctl -w` returns once the server accepts connections.
 */
export async function startPostgres(): Promise<PostgresServer> {
  const bin = findPostgresBin();
  const missing = postgresMissingReason();
  if (!bin || missing) throw new Error(`cannot start PostgreSQL: ${missing ?? "no server programs"}`);
  const started = performance.now();
  const dir = mkdtempSync(join(tmpdir(), "chitieu-pg-"));
  const asRoot = userInfo().uid === 0;
  const owner = asRoot ? userId("postgres") : undefined;
  if (owner) chownSync(dir, owner.uid, owner.gid);
  const exec = (program: string, args: string[]) => {
    const [cmd, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", join(bin, program), ...args]] : [join(bin, program), args];
    return run(cmd, argv, { cwd: dir, env: { ...process.env, LC_ALL: "C.UTF-8", LANG: "C.UTF-8" } });
  };
  const data = join(dir, "data");
  try {
    await exec("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    const port = await startOnFreePort(exec, data, dir);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    const startMs = Math.round(performance.now() - started);
    return {
      url,
      port,
      startMs,
      async createDatabase(name) {
        if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`database name ${name}: use a-z, 0-9 and _`);
        const client = new pg.Client({ connectionString: url });
        await client.connect();
        try {
          await client.query(`create database ${name}`);
        } finally {
          await client.end();
        }
        return `postgres://postgres@127.0.0.1:${port}/${name}`;
      },
      async stop() {
        try {
          await exec("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
        } finally {
          rmSync(dir, { recursive: true, force: true });
        }
      },
    };
  } catch (err) {
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

/** A port the kernel just handed out; another process may take it before the server does, hence the retries. */
async function startOnFreePort(exec: (program: string, args: string[]) => Promise<unknown>, data: string, socketDir: string): Promise<number> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    const options = `-c listen_addresses=127.0.0.1 -p ${port} -k ${socketDir} -c fsync=off -c synchronous_commit=off -c full_page_writes=off`;
    try {
      await exec("pg_ctl", ["-D", data, "-l", join(socketDir, "server.log"), "-o", options, "-w", "-t", "60", "start"]);
      return port;
    } catch (err) {
      lastError = new Error(`pg_ctl start failed: ${String(err)}\n${readLog(join(socketDir, "server.log"))}`);
    }
  }
  throw lastError;
}

/** A TCP port free on 127.0.0.1 at the time of asking (the server's, or a test's own listener). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function debianBinFolders(): string[] {
  const root = "/usr/lib/postgresql";
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((v) => /^\d+$/.test(v))
    .sort((a, b) => Number(b) - Number(a))
    .map((v) => join(root, v, "bin"));
}

function userId(name: string): { uid: number; gid: number } | undefined {
  const line = readFileSync("/etc/passwd", "utf8")
    .split("\n")
    .find((l) => l.startsWith(`${name}:`));
  if (!line) return undefined;
  const [, , uid, gid] = line.split(":");
  return { uid: Number(uid), gid: Number(gid) };
}

function readLog(file: string): string {
  return existsSync(file) ? readFileSync(file, "utf8").slice(-2000) : "";
}
