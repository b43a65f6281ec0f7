import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { demoPeople } from "../../db/seed/demo-organisation.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { runCli } from "../support/run-cli.ts";
import { isAlive, startService } from "../support/start-service.ts";
import { testBotToken } from "../support/test-app.ts";

const production = ["node", "--import", "tsx", "src/main.ts"];
const translator = createTranslator("vi");

describe("no demo in production", { timeout: 90_000 }, () => {
  const dirs: string[] = [];
  const pids: number[] = [];
  const cleanups: (() => Promise<void>)[] = [];
  const dataDir = () => {
    const d = mkdtempSync(join(tmpdir(), "chitieu-demo-"));
    dirs.push(d);
    return d;
  };
  const start = (dir: string, env: Record<string, string>) => {
    const service = startService(production, dir, env);
    if (service.child.pid) pids.push(service.child.pid);
    return service;
  };
  afterEach(async () => {
    for (const pid of pids.splice(0)) if (isAlive(pid)) process.kill(pid, "SIGKILL");
    for (const c of cleanups.splice(0)) await c();
  });
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it("NODE_ENV=production on an empty database loads nobody: `cli people list` is empty and the demo codes link nobody", async () => {
    const dir = dataDir();
    const fake = await new FakeTelegram().start();
    cleanups.push(() => fake.stop());
    // A Telegram bot in long polling against a fake Bot API on 127.0.0.1: what real officials would type into.
    const service = start(dir, { NODE_ENV: "production", TELEGRAM_BOT_TOKEN: testBotToken, TELEGRAM_API_ROOT: fake.apiRoot });
    await service.ready;
    await service.seen(/Telegram is on \(polling\)/);
    expect(service.output()).not.toContain("demo catalogue and people loaded");
    const from = { id: 810_001, is_bot: false, first_name: "Stranger", language_code: "vi" };
    const chat = { id: from.id, type: "private" as const, first_name: from.first_name };
    for (const [i, code] of ["DP-KHCN", "DM-KHCN"].entries()) {
      fake.pushUpdate({ update_id: 100 + i, message: { message_id: 100 + i, date: 1_795_600_000, chat, from, text: code } });
      await fake.waitForCalls("sendMessage", i + 1);
    }
    const replies = fake.sentTexts(from.id).join("\n");
    for (const code of ["DP-KHCN", "DM-KHCN"]) expect(replies).toContain(translator.t("vi", { key: "link.code_unknown", params: { code } }));
    for (const p of demoPeople) expect(replies).not.toContain(p.name);
    process.kill((await service.ready).servicePid, "SIGTERM");
    expect((await service.exited).code).toBe(0);

    const list = await runCli(dir, ["people", "list", "--csv"], { NODE_ENV: "production", LANG: "en_US.UTF-8" });
    expect(list.stderr).toBe("");
    expect(list.code).toBe(0);
    expect(list.stdout.trim().split("\n")).toEqual(["id,name,phone,unit,roles,invite code"]);
  });

  it("a production service refuses to serve while demo people exist, naming `npm run -s cli -- demo remove`; after it, it starts", async () => {
    const dir = dataDir();
    // Tried in development first: the demo is loaded.
    const dev = start(dir, { NODE_ENV: "development" });
    await dev.ready;
    expect(dev.output()).toContain("demo catalogue and people loaded");
    process.kill((await dev.ready).servicePid, "SIGTERM");
    expect((await dev.exited).code).toBe(0);

    for (const locale of ["vi", "en"] as const) {
      const refused = start(dir, { NODE_ENV: "production", DEFAULT_LOCALE: locale });
      const { code } = await refused.exited;
      expect(code).toBe(78);
      expect(refused.output()).not.toContain("chitieu is up");
      expect(refused.output()).toContain("npm run -s cli -- demo remove");
      expect(refused.output()).toContain(locale === "vi" ? "người của bản demo" : "demo people");
      expect(refused.output()).toContain("Lê Thu Hà");
    }

    const removed = await runCli(dir, ["demo", "remove"], { NODE_ENV: "production", LANG: "en_US.UTF-8" });
    expect(removed.stderr).toBe("");
    expect(removed.code).toBe(0);
    expect(removed.stdout).toContain(`Removed ${demoPeople.length} demo people`);
    const again = await runCli(dir, ["demo", "remove"], { NODE_ENV: "production", LANG: "vi_VN.UTF-8" });
    expect(again.stdout).toContain(translator.t("vi", { key: "ops.demo.none" }));
    expect((await runCli(dir, ["people", "list", "--csv"], { NODE_ENV: "production" })).stdout.trim().split("\n")).toHaveLength(1);

    const service = start(dir, { NODE_ENV: "production" });
    const { servicePid } = await service.ready;
    process.kill(servicePid, "SIGTERM");
    expect((await service.exited).code).toBe(0);
  });

  it("answers a wrong demo command politely, in the configured language", async () => {
    const run = await runCli(dataDir(), ["demo", "load"], { DEFAULT_LOCALE: "vi" });
    expect(run.code).toBe(2);
    expect(run.stderr.trim()).toBe(translator.t("vi", { key: "ops.demo.usage" }));
  });
});
