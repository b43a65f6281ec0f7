import { chmodSync, existsSync, mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Api } from "grammy";
import pino from "pino";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { downloadEvidence } from "../../bots/telegram/download-evidence.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { isAlive, startService } from "../support/start-service.ts";
import { testBotToken } from "../support/test-app.ts";

const modeOf = (path: string) => (statSync(path).mode & 0o777).toString(8);

describe("files only the service can read", { timeout: 60_000 }, () => {
  const dirs: string[] = [];
  const pids: number[] = [];
  const looseFolder = () => {
    const d = mkdtempSync(join(tmpdir(), "chitieu-modes-"));
    chmodSync(d, 0o755);
    dirs.push(d);
    return d;
  };
  afterEach(() => {
    for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  async function runService(dataDir: string, whileRunning: () => void) {
    const service = startService(["node", "--import", "tsx", "src/main.ts"], dataDir, { NODE_ENV: "production" });
    if (service.child.pid) pids.push(service.child.pid);
    const { servicePid } = await service.ready;
    whileRunning();
    process.kill(servicePid, "SIGTERM");
    expect((await service.exited).code).toBe(0);
  }

  it("the running service keeps the SQLite file, its WAL and SHM at 600 in a 700 data folder", async () => {
    const dataDir = looseFolder();
    await runService(dataDir, () => {
      const db = join(dataDir, "chitieu.db");
      expect(existsSync(`${db}-wal`)).toBe(true);
      expect(existsSync(`${db}-shm`)).toBe(true);
      expect({ folder: modeOf(dataDir), db: modeOf(db), wal: modeOf(`${db}-wal`), shm: modeOf(`${db}-shm`) }).toEqual({ folder: "700", db: "600", wal: "600", shm: "600" });
    });
  });

  it("tightens a data folder and database left readable by an older version", async () => {
    const dataDir = looseFolder();
    await runService(dataDir, () => undefined);
    const db = join(dataDir, "chitieu.db");
    chmodSync(db, 0o644);
    chmodSync(dataDir, 0o755);
    await runService(dataDir, () => {
      expect({ folder: modeOf(dataDir), db: modeOf(db), wal: modeOf(`${db}-wal`), shm: modeOf(`${db}-shm`) }).toEqual({ folder: "700", db: "600", wal: "600", shm: "600" });
    });
  });

  it("stores downloaded evidence at 600 in 700 folders, even under a permissive umask", async () => {
    const dataDir = looseFolder();
    const fake = await new FakeTelegram().start();
    const previous = process.umask(0o022);
    try {
      fake.addFile("photo-1", "photos/file_7.jpg", Buffer.from("bytes of a photo"));
      const api = new Api(testBotToken, { apiRoot: fake.apiRoot });
      const path = await downloadEvidence(api, "photo-1", { dataDir, logger: pino({ level: "silent" }), receivedAt: new Date("2026-11-25T09:00:00Z"), fileUniqueId: "AQADm1" });
      expect(path).toBe("evidence/2026/11/AQADm1.jpg");
      expect(modeOf(join(dataDir, path!))).toBe("600");
      for (const folder of ["evidence", "evidence/2026", "evidence/2026/11"]) expect(modeOf(join(dataDir, folder))).toBe("700");
    } finally {
      process.umask(previous);
      await fake.stop();
    }
  });
});
