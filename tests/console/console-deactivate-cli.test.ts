import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { createLogger } from "../../src/logger.ts";
import { runCli } from "../support/run-cli.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { demo, devSay, sessionFor } from "./console-session.ts";

describe("deactivating a person from the command line", () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ demo: true });
  }, 60_000);
  afterAll(async () => s.close());

  it("ends their open console session at once, and reactivating lets them ask for a new link", async () => {
    const head = await sessionFor(s, demo.headTc.phone, demo.headTc.code);
    expect((await fetch(`${s.base}/console`, { headers: { cookie: head.cookie } })).status).toBe(200);
    const run = await runCli(s.dir, ["people", "deactivate", demo.headTc.phone]);
    expect(run.stderr).toBe("");
    expect(run.code).toBe(0);
    expect(run.stdout).toContain("Đã ngừng hoạt động Hoàng Văn Nam");
    expect(run.stdout).toContain("1 phiên");
    expect((await fetch(`${s.base}/console`, { headers: { cookie: head.cookie } })).status).toBe(401);
    expect((await devSay(s, demo.headTc.phone, "/web")).join("\n")).not.toContain("/login?t=");
    expect((await runCli(s.dir, ["people", "reactivate", demo.headTc.phone])).code).toBe(0);
    expect((await devSay(s, demo.headTc.phone, "/web")).join("\n")).toContain("/login?t=");
  }, 60_000);
});

describe("/web in a group chat", () => {
  let s: TestApp;
  beforeAll(async () => {
    s = await startTestApp({ demo: true, env: { GROUPS_ENABLED: "true" } });
  }, 60_000);
  afterAll(async () => s.close());

  it("sends no link where the whole group would read it, and says to ask in private", async () => {
    const chat = createChatHost({ db: s.db, clock: s.clock, translator: s.translator, logger: createLogger("silent"), defaultLocale: "vi", sessionTtlMinutes: 60, groupsEnabled: true, calendar: calendarOfConfig(s.config), consoleBaseUrl: s.base });
    const base = { channel: "telegram" as const, accountId: "", senderId: "555001" };
    await chat.handle({ ...base, chatId: "555001", text: demo.coordinator.code });
    const inGroup = await chat.handle({ ...base, chatId: "-100777", inGroup: true, text: "/web" });
    const text = inGroup.replies.map((r) => r.text).join("\n");
    expect(text).not.toContain("/login?t=");
    expect(text).toContain("tin nhắn riêng");
    const inPrivate = await chat.handle({ ...base, chatId: "555001", text: "/web" });
    expect(inPrivate.replies.map((r) => r.text).join("\n")).toContain(`${s.base}/login?t=`);
  });
});
