import { afterEach, describe, expect, it } from "vitest";
import { createZaloBotApiTransport } from "../../bots/zalo/bot-api/create-zalo-bot-api-transport.ts";
import { connectZaloChat, type ZaloChatConnection } from "../../bots/zalo/connect-zalo-chat.ts";
import type { ZaloStatus } from "../../bots/zalo/zalo-transport.ts";
import { createLogger } from "../../src/logger.ts";
import { FakeZaloBotApi } from "../support/fake-zalo-bot-api.ts";
import { startTestApp, testZaloBotToken, type TestApp } from "../support/test-app.ts";
import { zaloUser } from "../support/zalo-user.ts";

const logger = createLogger("silent");

describe("the official Zalo bot by long polling (getUpdates)", () => {
  let app: TestApp | undefined;
  let fake: FakeZaloBotApi | undefined;
  let connection: ZaloChatConnection | undefined;
  afterEach(async () => {
    await connection?.stop();
    await fake?.stop();
    await app?.close();
    connection = fake = app = undefined;
  });

  /** The service's chat behind a polling transport whose waits are recorded, not slept. */
  async function setup() {
    app = await startTestApp({ demo: true });
    fake = await new FakeZaloBotApi().start();
    const sleeps: number[] = [];
    const statuses: ZaloStatus[] = [];
    const transport = createZaloBotApiTransport({
      token: testZaloBotToken,
      apiRoot: fake.apiRoot,
      mode: "polling",
      logger,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      backoff: { baseMs: 1_000, maxMs: 60_000 },
    });
    const start = () =>
      connectZaloChat({ transport, chat: app!.chat, translator: app!.translator, logger, defaultLocale: "vi", onStatus: (s) => statuses.push(s) }).then((c) => (connection = c));
    return { fake, transport, sleeps, statuses, start };
  }

  it("answers the updates getUpdates returns one per call, takes 408 as an empty poll, and stop() ends the loop", async () => {
    const { fake, transport, sleeps, statuses, start } = await setup();
    const user = zaloUser("e4ea2cd5189df1c3a88c");
    fake.pushUpdate(user.text("DM-KHCN").result);
    fake.pushUpdate(user.text("chỉ tiêu").result);
    await start();
    expect(transport.accountId).toBe(fake.botInfo.id);
    // Two updates, then a third poll that waits.
    await fake.waitForCalls("getUpdates", 3);
    expect(fake.heldPollCount).toBe(1);
    expect(fake.calls.map((c) => c.method).slice(0, 3)).toEqual(["getMe", "deleteWebhook", "getUpdates"]);
    expect(fake.callsOf("getUpdates")[0]?.payload).toEqual({ timeout: "30" });
    const texts = fake.sentTexts(user.id).join("\n");
    expect(texts).toContain("Chào Nguyễn Thị Lan");
    expect(texts).toContain("Chỉ tiêu, nhiệm vụ của anh/chị:");

    // Zalo's long-poll timeout: an ordinary empty poll, asked again at once, no backoff.
    expect(fake.expireHeldPolls()).toBe(1);
    await fake.waitForCalls("getUpdates", 4);
    expect(fake.expireHeldPolls()).toBe(1);
    await fake.waitForCalls("getUpdates", 5);
    expect(sleeps).toEqual([]);
    expect(statuses.map((s) => s.type)).toEqual(["connected"]);

    // A message while a poll waits is answered at once.
    fake.pushUpdate(user.text("huy").result);
    await fake.waitForCalls("getUpdates", 6);
    expect(fake.sentTexts(user.id).at(-1)).toContain("Đã hủy");

    const polls = fake.callsOf("getUpdates").length;
    await connection!.stop();
    connection = undefined;
    expect(fake.callsOf("getUpdates")).toHaveLength(polls);
    expect(statuses.at(-1)).toEqual({ type: "stopped" });
  });

  it("backs off after failed polls (429: at least as long as Zalo asks), reports it, and carries on", async () => {
    const { fake, sleeps, statuses, start } = await setup();
    const user = zaloUser("e4ea2cd5189df1c3a88d");
    fake.failNext("getUpdates", { error_code: 500, description: "Internal error" }, 2);
    fake.failNext("getUpdates", { error_code: 429, description: "Quota exceeded", retry_after: 90 });
    await start();
    await fake.waitForCalls("getUpdates", 4);
    expect(sleeps).toEqual([1_000, 2_000, 90_000]);
    expect(statuses.filter((s) => s.type === "reconnecting").map((s) => (s as { attempt: number }).attempt)).toEqual([1, 2, 3]);
    fake.pushUpdate(user.text("DM-KHCN").result);
    await fake.waitForCalls("getUpdates", 5);
    expect(fake.sentTexts(user.id).join("\n")).toContain("Chào Nguyễn Thị Lan");
    // A good poll after failures: connected again, and the next failure starts from the base delay.
    expect(statuses.at(-1)).toEqual({ type: "connected", accountId: fake.botInfo.id });
  });

  it("says the token needs attention when Zalo refuses it while polling", async () => {
    const { fake, statuses, start } = await setup();
    fake.failNext("getUpdates", { error_code: 401, description: "Unauthorized" });
    await start();
    await fake.waitForCalls("getUpdates", 2);
    expect(statuses.find((s) => s.type === "login_required")).toMatchObject({ reason: expect.stringContaining("ZALO_BOT_TOKEN") });
  });

  it("refuses to start when getMe fails, and starts nothing", async () => {
    const { fake, start } = await setup();
    fake.failNext("getMe", { error_code: 401, description: "Unauthorized" });
    await expect(start()).rejects.toThrow(/getMe failed: 401 Unauthorized/);
    expect(fake.callsOf("getUpdates")).toHaveLength(0);
  });
});
