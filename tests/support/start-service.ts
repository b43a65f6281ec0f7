import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { createServer } from "node:net";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const repoRoot = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/**
 * Starts the real service with `argv` (e.g. ["npm", "start"], or the Dockerfile's CMD) in the repo, on
 * a data folder and a free port, and follows its output. `servicePid` is the pid the service logs
 * (pino's `pid`), which may differ from `child.pid` when something (npm) runs in between.
 */
export function startService(argv: string[], dataDir: string, env: Record<string, string> = {}) {
  const [command, ...args] = argv;
  if (!command) throw new Error("startService needs a command");
  const child = spawn(command, args, {
    cwd: repoRoot,
    env: { ...process.env, DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", NODE_ENV: "development", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const waiters: { pattern: RegExp; resolve: (m: RegExpMatchArray) => void }[] = [];
  const check = () => {
    for (const w of [...waiters]) {
      const m = output.match(w.pattern);
      if (m) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(m);
      }
    }
  };
  const collect = (chunk: Buffer) => {
    output += chunk.toString();
    check();
  };
  child.stdout.on("data", collect);
  child.stderr.on("data", collect);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; at: number }>((r) => child.once("exit", (code, signal) => r({ code, signal, at: Date.now() })));
  /** Resolves when the output shows `pattern`; rejects if the process exits first. */
  const seen = (pattern: RegExp) =>
    Promise.race([
      new Promise<RegExpMatchArray>((resolvePattern) => {
        waiters.push({ pattern, resolve: resolvePattern });
        check();
      }),
      exited.then(({ code }) => Promise.reject(new Error(`service exited with ${code} before ${pattern}:\n${output}`))),
    ]);
  /** The port and pid once the service says it is up. */
  const ready = seen(/\{[^\n]*"pid":(\d+)[^\n]*chitieu is up: http:\/\/127\.0\.0\.1:(\d+)/).then((m) => ({ servicePid: Number(m[1]), port: Number(m[2]) }));
  // A service that is meant to refuse to start never gets ready: that is not an unhandled error.
  ready.catch(() => undefined);
  return { child, ready, exited, seen, output: () => output };
}

/**
 * A live process's /proc/<pid>/stat fields from the state on (Linux): [0] state, [1] ppid, [11] utime
 * and [12] stime in clock ticks. "pid (comm) state ppid …": comm may hold spaces and parentheses, so
 * the fields are read after the last ")".
 */
export function procStatFields(pid: number): string[] {
  const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ");
}

/** The parent pid of a live process, from /proc (Linux). */
export function parentPid(pid: number): number {
  return Number(procStatFields(pid)[1]);
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Polls until the process is gone or `timeoutMs` passes (a real child process: the one wait on wall time we allow). */
export async function waitForExit(pid: number, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive(pid)) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return !isAlive(pid);
}

/** True when nothing listens on 127.0.0.1:port any more: we can bind it ourselves. */
export function portIsFree(port: number): Promise<boolean> {
  return new Promise((resolvePort) => {
    const server = createServer();
    server.once("error", () => resolvePort(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolvePort(true)));
  });
}
