import { afterEach, describe, expect, it } from "vitest";
import { eq } from "drizzle-orm";
import { ZaloApiError } from "zca-js";
import { createZaloSender } from "../../bots/zalo/zalo-sender.ts";
import { outbox } from "../../db/schema.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import type { ZcaTransport } from "../../bots/zalo/zca/create-zca-transport.ts";
import { startSupervisedZaloApp, type SupervisedZaloApp } from "../support/supervised-zalo-app.ts";
import { textUpdate } from "../telegram/telegram-updates.ts";
import { zaloUser } from "../support/zalo-user.ts";

/**
 * Zalo's faults with the service wired as main.ts wires it: the official bot against a fake Zalo
 * Bot API, the personal account against a fake zca-js, Telegram and the dev chat beside them. Each
 * fault must end in the right /healthz state and one alert to the coordinator (on Telegram), and
 * the other channels must keep answering throughout. Waits between attempts are released by hand.
 */
/**
 * Lets pending callbacks run (the injected clock is not involved) until `done` holds; fails after many
 * turns. Some steps read the credentials file (real file I/O on libuv's thread pool), which on a busy
 * machine can outlast a thousand event-loop turns: every hundredth turn also yields a few milliseconds.
 */
async function settled(done: () => boolean): Promise<void> {
  for (let i = 0; i < 20_000 && !done(); i++) await new Promise<void>((resolve) => (i % 100 === 99 ? setTimeout(resolve, 5) : setImmediate(resolve)));
  expect(done()).toBe(true);
}

/** One reminder queued for a Zalo user and one pass of the outbox with the Zalo sender: the row as it is left. */
async function reminderOverZalo(app: SupervisedZaloApp, chatId: string): Promise<{ status: string; attempts: number } | undefined> {
  const { id } = await enqueueMessage(app.db, { channel: "zalo", accountId: "", chatId, kind: "reminder", dedupKey: `reminder-${chatId}`, payload: { text: "Nhắc báo cáo" } }, app.clock.now());
  const sender = createZaloSender({ transport: app.zalo!.transport, limits: { perMinute: 60, perChatPerMinute: 10 }, translator: createTranslator("vi"), clock: app.clock });
  await createDispatcher({ db: app.db, senders: [sender], clock: app.clock, logger: createLogger("silent"), sleep: async () => undefined }).runOnce();
  return app.db.select({ status: outbox.status, attempts: outbox.attempts }).from(outbox).where(eq(outbox.id, id)).get();
}

describe("Zalo faults: the state in /healthz, one alert, and the other channels keep serving", () => {
  let s: SupervisedZaloApp | undefined;
  afterEach(async () => {
    await s?.close();
    s = undefined;
  });

  /** Telegram and the dev chat answer as usual. */
  async function otherChannelsServe(app: SupervisedZaloApp): Promise<void> {
    expect((await app.telegramSays((id) => textUpdate(id, "/help"))).join("\n")).toMatch(/Xin chào|mã mời|liên kết/);
    const dev = (await app.devChat("0912000001", "help")).join("\n");
    expect(dev).toContain("Xin chào");
    expect(dev).not.toContain("hệ thống đang gặp lỗi");
  }

  it("retries a getMe that fails at start, says why in /healthz and in the webhook's 503, alerts once, and comes up when Zalo answers again", async () => {
    s = await startSupervisedZaloApp({ transport: "bot-api", beforeStart: ({ zalo }) => zalo.failNext("getMe", { error_code: 502, description: "Bad Gateway" }, 5) });
    let wait = await s.gate.next();
    expect(wait.ms).toBe(5_000);
    const health = await s.health();
    expect(health.status).toBe("degraded");
    expect(health.channels.zalo).toMatchObject({ state: "down", since: "2026-11-20T02:00:00.000Z", retrying: true, failures: 1, alerted: false, reason: expect.stringContaining("getMe failed: 502 Bad Gateway") });
    expect(health.channels.telegram).toMatchObject({ state: "up" });
    const user = zaloUser("5a1b2c3d4e5f60718201");
    const refused = await s.postZalo(user.text("DM-KHCN"));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ ok: false, error: "zalo_down", message: expect.stringMatching(/^zalo down since 2026-11-20T02:00:00.000Z \(retrying\): Zalo Bot API getMe failed: 502/) });
    await otherChannelsServe(s);

    for (const expected of [10_000, 20_000, 40_000, 80_000]) {
      s.clock.advance(wait.ms);
      wait.release();
      wait = await s.gate.next();
      expect(wait.ms).toBe(expected);
    }
    // Five failed attempts: the coordinator is told once, on Telegram.
    expect(await s.alerts()).toEqual([{ channel: "telegram", chatId: "300003", text: expect.stringContaining("Kênh Zalo của bot đang ngừng từ 09:00 20/11/2026") }]);
    expect((await s.health()).channels.zalo).toMatchObject({ state: "down", since: "2026-11-20T02:00:00.000Z", failures: 5, alerted: true });
    await otherChannelsServe(s);

    wait.release();
    expect(await s.zalo!.started).toBe(true);
    expect((await s.health()).channels.zalo).toMatchObject({ state: "up", detail: expect.stringContaining(s.zaloApi.botInfo.id) });
    expect((await s.health()).status).toBe("ok");
    expect((await s.postZalo(user.text("DM-KHCN"))).status).toBe(200);
    expect(s.zaloApi.sentTexts(user.id).join("\n")).toContain("Chào Nguyễn Thị Lan");
    expect(await s.alerts()).toHaveLength(1);
    expect(s.zaloApi.callsOf("getMe")).toHaveLength(6);
  });

  it("tells the coordinator at once when Zalo refuses the webhook URL, keeps trying, and alerts no more", async () => {
    s = await startSupervisedZaloApp({
      transport: "bot-api",
      beforeStart: ({ zalo }) => zalo.failWhen((method) => (method === "setWebhook" ? { error_code: 400, description: "Invalid url: the webhook must be reachable" } : undefined)),
    });
    let wait = await s.gate.next();
    expect(await s.alerts()).toEqual([{ channel: "telegram", chatId: "300003", text: expect.stringContaining("PUBLIC_URL") }]);
    for (let i = 0; i < 3; i++) {
      wait.release();
      wait = await s.gate.next();
    }
    expect(s.zaloApi.callsOf("setWebhook")).toHaveLength(4);
    expect(await s.alerts()).toHaveLength(1);
    expect((await s.health()).channels.zalo).toMatchObject({ state: "down", failures: 4, reason: expect.stringContaining("Zalo refused the webhook https://chitieu.example.test/zalo/webhook; check PUBLIC_URL") });
    const refused = await s.postZalo(zaloUser("5a1b2c3d4e5f60718202").text("hi"));
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { message: string }).message).toContain("Invalid url");
    await otherChannelsServe(s);
  });

  it("says at start that PUBLIC_URL must be https for a Zalo webhook, never calls setWebhook with it, and the service runs", async () => {
    s = await startSupervisedZaloApp({ transport: "bot-api", publicUrl: "http://chitieu.example.test" });
    expect(await s.zalo!.started).toBe(false);
    expect(s.zaloApi.calls).toHaveLength(0);
    expect((await s.health()).channels.zalo).toMatchObject({ state: "down", retrying: false, alerted: true, reason: expect.stringContaining("PUBLIC_URL must be https for a Zalo webhook") });
    expect(await s.alerts()).toEqual([{ channel: "telegram", chatId: "300003", text: expect.stringContaining("PUBLIC_URL must be https") }]);
    const refused = await s.postZalo(zaloUser("5a1b2c3d4e5f60718203").text("hi"));
    expect(refused.status).toBe(503);
    expect(((await refused.json()) as { message: string }).message).toMatch(/^zalo down since .* \(waiting for a fix\): PUBLIC_URL must be https/);
    // Reminders for Zalo wait in the outbox meanwhile, their attempts unspent.
    expect(await reminderOverZalo(s, "5a1b2c3d4e5f60718203")).toEqual({ status: "pending", attempts: 0 });
    await otherChannelsServe(s);
  });

  it("refuses a local address for the webhook too, naming PUBLIC_URL", async () => {
    s = await startSupervisedZaloApp({ transport: "bot-api", publicUrl: "https://127.0.0.1:3000" });
    expect(await s.zalo!.started).toBe(false);
    expect((await s.health()).channels.zalo).toMatchObject({ state: "down", reason: expect.stringContaining("PUBLIC_URL must be a public https address") });
  });

  it("goes down with the reason and alerts once when Zalo refuses the token after a reset (401), while Telegram and the dev chat serve", async () => {
    s = await startSupervisedZaloApp({ transport: "bot-api" });
    expect(await s.zalo!.started).toBe(true);
    expect((await s.health()).channels.zalo).toMatchObject({ state: "up" });
    s.zaloApi.failWhen(() => ({ error_code: 401, description: "Unauthorized" }));
    const user = zaloUser("5a1b2c3d4e5f60718204");
    expect((await s.postZalo(user.text("DM-KHCN"))).status).toBe(200);
    expect((await s.postZalo(user.text("báo cáo"))).status).toBe(200);
    const zalo = (await s.health()).channels.zalo;
    expect(zalo).toMatchObject({ state: "down", retrying: false, alerted: true, reason: expect.stringContaining("Zalo refused the bot token; check ZALO_BOT_TOKEN") });
    expect(await s.alerts()).toEqual([{ channel: "telegram", chatId: "300003", text: expect.stringContaining("ZALO_BOT_TOKEN") }]);
    await otherChannelsServe(s);
    // A reminder for Zalo waits for the new token without spending its attempts.
    expect(await reminderOverZalo(s, user.id)).toEqual({ status: "pending", attempts: 0 });
    expect(await s.alerts()).toHaveLength(1);
  });

  it("a zca listener that closes and does not come back: down since the close, retrying, one alert after five attempts", async () => {
    s = await startSupervisedZaloApp({ transport: "zca" });
    expect((await s.health()).channels.zalo).toMatchObject({ state: "up", detail: expect.stringContaining("zca-js") });
    for (let i = 0; i < 20; i++) s.zca.loginOutcomes.push(new TypeError("fetch failed"));
    s.zca.api.listener.close(1006, "");
    let wait = await s.gate.next();
    expect((await s.health()).channels.zalo).toMatchObject({ state: "down", since: "2026-11-20T02:00:00.000Z", retrying: true, alerted: false, reason: expect.stringContaining("closed 1006") });
    await otherChannelsServe(s);
    for (let i = 0; i < 6; i++) {
      s.clock.advance(wait.ms);
      wait.release();
      wait = await s.gate.next();
    }
    const zalo = (await s.health()).channels.zalo;
    expect(zalo).toMatchObject({ state: "down", since: "2026-11-20T02:00:00.000Z", retrying: true, alerted: true, failures: 7, reason: expect.stringContaining("fetch failed") });
    expect(await s.alerts()).toEqual([{ channel: "telegram", chatId: "300003", text: expect.stringContaining("Kênh Zalo của bot đang ngừng") }]);
    // The reason in the coordinator's words, not the library's ("fetch failed", "closed 1006").
    const [alert] = await s.alerts();
    expect(alert!.text).toContain("Lý do: bot không kết nối được tới Zalo (đã thử lại 5 lần).");
    expect(alert!.text).not.toMatch(/fetch failed|closed 1006|reconnecting/);
    await otherChannelsServe(s);
  });

  it("a zca login that stops working: down until a QR login, with that alert once", async () => {
    s = await startSupervisedZaloApp({ transport: "zca" });
    for (let i = 0; i < 3; i++) s.zca.loginOutcomes.push(new ZaloApiError("zpw_sek bị thiếu hoặc không đúng"));
    s.zca.api.listener.close(1006, "");
    for (let i = 0; i < 3; i++) (await s.gate.next()).release();
    await settled(() => (s!.zalo!.transport as ZcaTransport).state === "login_required");
    expect((s.zalo!.transport as ZcaTransport).state).toBe("login_required");
    expect((await s.health()).channels.zalo).toMatchObject({ state: "down", retrying: false, reason: expect.stringContaining("/admin/zalo/login") });
    expect(await s.alerts()).toEqual([{ channel: "telegram", chatId: "300003", text: expect.stringContaining("mã QR") }]);
    const [alert] = await s.alerts();
    expect(alert!.text).toContain("Chi tiết: Zalo đã từ chối phiên đăng nhập đã lưu của bot 3 lần liền.");
    expect(alert!.text).not.toMatch(/zpw_sek|refused the saved credentials/);
    await otherChannelsServe(s);
  });

  it("a kicked zca session: down with the reason and the kick's own alert, once; a QR login pauses it (starting) and brings it back up", async () => {
    s = await startSupervisedZaloApp({ transport: "zca" });
    s.zca.api.listener.close(3003, "");
    s.zca.apis[0]!.listener.close(3003, "");
    expect((await s.health()).channels.zalo).toMatchObject({ state: "down", retrying: false, reason: expect.stringContaining("kicked (code 3003") });
    expect(await s.alerts()).toEqual([{ channel: "telegram", chatId: "300003", text: expect.stringContaining("Zalo Web hoặc Zalo PC") }]);
    await otherChannelsServe(s);
    // The QR login pauses the transport and resumes it: starting, then up, and no alert more.
    const transport = s.zalo!.transport as ZcaTransport;
    await transport.suspend();
    expect((await s.health()).channels.zalo).toMatchObject({ state: "starting", detail: expect.stringContaining("QR login") });
    await transport.resume();
    await settled(() => transport.state === "running");
    await settled(() => s!.channelStatus.get("zalo")?.state === "up");
    expect(await s.alerts()).toHaveLength(1);
  });
});
