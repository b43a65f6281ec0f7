import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(fileURLToPath(new URL("../..", import.meta.url)));

/** Starts the real service the way `npm start` does, on a fresh data folder and a free port. */
function startService(dataDir: string, env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: { ...process.env, DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", NODE_ENV: "development", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const ready = new Promise<number>((resolvePort, reject) => {
    child.stdout.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      const m = output.match(/chitieu is up: http:\/\/127\.0\.0\.1:(\d+)/);
      if (m) resolvePort(Number(m[1]));
    });
    child.stderr.on("data", (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.once("exit", (code) => reject(new Error(`service exited with ${code} before it was ready:\n${output}`)));
  });
  const exited = new Promise<number | null>((r) => child.once("exit", (code) => r(code)));
  return { child, ready, exited, output: () => output };
}

describe("npm start on an empty data folder", () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-start-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates the SQLite file, loads the demo, serves /healthz and stops cleanly on SIGTERM", async () => {
    const service = startService(dataDir);
    const port = await service.ready;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
    expect(existsSync(join(dataDir, "chitieu.db"))).toBe(true);
    expect(service.output()).toContain("demo catalogue and people loaded");
    expect(service.output()).toContain("Zalo is off: set ZALO_TRANSPORT=zca or bot-api");
    service.child.kill("SIGTERM");
    expect(await service.exited).toBe(0);
    expect(service.output()).toContain("stopped");
  });

  it("keeps the data on a second start and does not load the demo twice", async () => {
    const service = startService(dataDir);
    await service.ready;
    expect(service.output()).not.toContain("demo catalogue and people loaded");
    service.child.kill("SIGINT");
    expect(await service.exited).toBe(0);
  });

  it("refuses a bad variable with a message naming it", async () => {
    const service = startService(dataDir, { PORT: "not-a-port" });
    await expect(service.ready).rejects.toThrow(/PORT/);
    expect(await service.exited).toBe(78);
  });
});
