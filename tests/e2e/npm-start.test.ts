import { mkdtempSync, rmSync, existsSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { isAlive, parentPid, portIsFree, repoRoot, startService, waitForExit } from "../support/start-service.ts";

const started: number[] = [];
afterEach(() => {
  for (const pid of started.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
});

function track<T extends ReturnType<typeof startService>>(service: T): T {
  if (service.child.pid) started.push(service.child.pid);
  void service.ready.then(({ servicePid }) => started.push(servicePid), () => undefined);
  return service;
}

describe("npm start on an empty data folder", { timeout: 60_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-start-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("creates the SQLite file, loads the demo, serves /healthz and stops cleanly on SIGTERM", async () => {
    const service = track(startService(["npm", "start"], dataDir));
    const { port, servicePid } = await service.ready;
    const res = await fetch(`http://127.0.0.1:${port}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: "ok", database: "ok" });
    expect(existsSync(join(dataDir, "chitieu.db"))).toBe(true);
    expect(service.output()).toContain("demo catalogue and people loaded");
    expect(service.output()).toContain("Zalo is off: set ZALO_TRANSPORT=zca or bot-api");
    process.kill(servicePid, "SIGTERM");
    expect((await service.exited).code).toBe(0);
    expect(service.output()).toContain("stopped");
  });

  it("keeps the data on a second start and does not load the demo twice", async () => {
    const service = track(startService(["npm", "start"], dataDir));
    const { servicePid } = await service.ready;
    expect(service.output()).not.toContain("demo catalogue and people loaded");
    process.kill(servicePid, "SIGINT");
    expect((await service.exited).code).toBe(0);
  });

  it("refuses a bad variable with a message naming it", async () => {
    const service = track(startService(["npm", "start"], dataDir, { PORT: "not-a-port" }));
    await expect(service.ready).rejects.toThrow(/PORT/);
    expect((await service.exited).code).toBe(78);
  });
});

describe("a clean stop", { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), "chitieu-stop-"));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Signals the pid, then checks the service is gone within 10 s, exited 0, and its port can be bound again. */
  async function expectCleanStop(service: ReturnType<typeof startService>, pid: number, port: number, signal: NodeJS.Signals) {
    const sentAt = Date.now();
    process.kill(pid, signal);
    const { code, at } = await service.exited;
    expect(await waitForExit(pid, 10_000)).toBe(true);
    expect(at - sentAt).toBeLessThan(10_000);
    expect(code).toBe(0);
    expect(service.output()).toContain(`"signal":"${signal}"`);
    expect(service.output()).toContain('"msg":"stopped"');
    expect(await portIsFree(port)).toBe(true);
  }

  it.each(["SIGTERM", "SIGINT"] as const)("%s to the process `npm start` started stops the service within 10 s and frees the port", async (signal) => {
    const service = track(startService(["npm", "start"], dataDir()));
    const { port, servicePid } = await service.ready;
    // The service is npm's own child, not a grandchild behind a shell or a tsx launcher.
    expect(parentPid(servicePid)).toBe(service.child.pid);
    await expectCleanStop(service, servicePid, port, signal);
  });

  it("SIGTERM to npm itself reaches the service too", async () => {
    const service = track(startService(["npm", "start"], dataDir()));
    const { port, servicePid } = await service.ready;
    process.kill(service.child.pid!, "SIGTERM");
    expect(await waitForExit(servicePid, 10_000)).toBe(true);
    await service.exited;
    expect(service.output()).toContain('"msg":"stopped"');
    expect(await portIsFree(port)).toBe(true);
  });

  it("the Dockerfile's CMD runs the service as the one process (PID 1 in the container): SIGTERM stops it within 10 s and frees the port", async () => {
    const dockerfile = readFileSync(join(repoRoot, "Dockerfile"), "utf8");
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? "null") as string[];
    expect(cmd).toEqual(["node", "--import", "tsx", "src/main.ts"]);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^ENV NODE_ENV=production/m);
    expect(dockerfile).toMatch(/DATA_DIR=\/data/);
    expect(dockerfile).toMatch(/^VOLUME \["\/data"\]$/m);
    const service = track(startService([process.execPath, ...cmd.slice(1)], dataDir(), { NODE_ENV: "production" }));
    const { port, servicePid } = await service.ready;
    expect(servicePid).toBe(service.child.pid);
    await expectCleanStop(service, servicePid, port, "SIGTERM");
  });

  it("the systemd unit's ExecStart makes the service the unit's main process: SIGTERM stops it within 10 s and frees the port", async () => {
    const unit = readFileSync(join(repoRoot, "deploy/chitieu.service"), "utf8");
    const execStart = /^ExecStart=(.+)$/m.exec(unit)?.[1]?.trim().split(/\s+/) ?? [];
    expect(execStart).toEqual(["/usr/bin/env", "node", "--import", "tsx", "src/main.ts"]);
    expect(unit).toMatch(/^KillSignal=SIGTERM$/m);
    expect(unit).toMatch(/^Environment=NODE_ENV=production$/m);
    // A refused configuration (78) is not restarted in a loop; the data folder is the service user's alone.
    expect(unit).toMatch(/^RestartPreventExitStatus=78$/m);
    expect(unit).toMatch(/^StateDirectoryMode=0700$/m);
    expect(unit).toMatch(/^UMask=0077$/m);
    // /usr/bin/env execs node: the pid systemd started is the service's.
    const service = track(startService(execStart, dataDir(), { NODE_ENV: "production" }));
    const { port, servicePid } = await service.ready;
    expect(servicePid).toBe(service.child.pid);
    await expectCleanStop(service, servicePid, port, "SIGTERM");
  });
});
