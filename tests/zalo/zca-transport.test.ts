import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import QRCode from "qrcode";
import { afterEach, describe, expect, it, vi } from "vitest";
import { ThreadType } from "zca-js";
import { createZcaTransport, type ZcaTransportOptions } from "../../bots/zalo/zca/create-zca-transport.ts";
import { createCredentialsStore } from "../../bots/zalo/zca/credentials-store.ts";
import { createZcaClient } from "../../bots/zalo/zca/zca-client.ts";
import { ZaloSendError } from "../../bots/zalo/zalo-send-error.ts";
import type { ZaloInbound, ZaloStatus } from "../../bots/zalo/zalo-transport.ts";
import { createLogger } from "../../src/logger.ts";
import { FakeZca, groupText, ownMessage, savedCredentials, zaloError, zcaUser } from "../support/fake-zca.ts";

const logger = createLogger("silent");

/** A zca transport over the fake client, with saved credentials in a temp folder. */
async function setup(over: Partial<ZcaTransportOptions> & { credentials?: boolean; friends?: string[] } = {}) {
  const dir = mkdtempSync(join(tmpdir(), "chitieu-zca-"));
  dirs.push(dir);
  const store = createCredentialsStore({ file: join(dir, "zalo-credentials.json") });
  if (over.credentials !== false) await store.save(savedCredentials);
  const fake = new FakeZca();
  for (const f of over.friends ?? []) fake.friends.add(f);
  const received: ZaloInbound[] = [];
  const statuses: ZaloStatus[] = [];
  const transport = createZcaTransport({ credentialsStore: store, logger, allowGroups: false, zalo: fake.factory, sleep: async () => undefined, ...over });
  await transport.start({ onMessage: async (m) => void received.push(m), onStatus: (s) => void statuses.push(s) });
  await Promise.resolve();
  return { dir, store, fake, transport, received, statuses };
}
const dirs: string[] = [];

describe("the zca-js transport", () => {
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("makes the real zca-js client without the update check (it would ask the npm registry at every login) and without its console logging", () => {
    expect((createZcaClient() as unknown as { options: unknown }).options).toEqual({ checkUpdate: false, selfListen: false, logging: false });
  });

  it("logs in from the saved imei, cookie and user agent with zca-js's own retry off, and re-saves the refreshed cookie", async () => {
    const { fake, store, transport, statuses } = await setup();
    expect(fake.logins).toEqual([{ imei: savedCredentials.imei, cookie: savedCredentials.cookie, userAgent: savedCredentials.userAgent }]);
    expect(fake.api.listener.starts).toEqual([{ retryOnClose: false }]);
    expect(transport.accountId).toBe(fake.ownId);
    expect(statuses).toContainEqual({ type: "connected", accountId: fake.ownId });
    const saved = await store.load();
    expect(saved).toMatchObject({ imei: savedCredentials.imei, userAgent: savedCredentials.userAgent, ownId: fake.ownId });
    expect(saved?.cookie).toEqual([{ key: "zpw_sek", value: "refreshed-1", domain: "chat.zalo.me", path: "/" }]);
    await transport.stop();
    expect(statuses.at(-1)).toEqual({ type: "stopped" });
    expect(fake.api.listener.stops).toBe(1);
  });

  it("re-saves the cookie Zalo refreshed while connected: every saveCookieEveryMs, and at stop", async () => {
    vi.useFakeTimers({ toFake: ["setInterval", "clearInterval"] });
    try {
      const { fake, store, transport } = await setup({ saveCookieEveryMs: 60_000 });
      const savedCookie = async () => ((await store.load())?.cookie as { value: string }[] | undefined)?.[0]?.value;
      const becomes = async (value: string) => {
        // The save is a file write: let it finish (event-loop turns, not a timed wait).
        for (let i = 0; i < 10_000 && (await savedCookie()) !== value; i++) await new Promise((r) => setImmediate(r));
        return savedCookie();
      };
      expect(await savedCookie()).toBe("refreshed-1");
      fake.cookieValue = "refreshed-after-an-hour";
      vi.advanceTimersByTime(60_000);
      expect(await becomes("refreshed-after-an-hour")).toBe("refreshed-after-an-hour");
      fake.cookieValue = "refreshed-at-stop";
      await transport.stop();
      expect(await savedCookie()).toBe("refreshed-at-stop");
    } finally {
      vi.useRealTimers();
    }
  });

  it("asks for a QR login when no credentials are saved, without calling Zalo", async () => {
    const { fake, transport, statuses } = await setup({ credentials: false });
    expect(fake.logins).toHaveLength(0);
    expect(transport.state).toBe("login_required");
    expect(statuses).toEqual([{ type: "login_required", reason: expect.stringContaining("no saved Zalo credentials"), firstLogin: true }]);
  });

  it("passes a text from a person in a 1:1 chat, with the message id, sender and name", async () => {
    const { fake, transport, received } = await setup();
    const user = zcaUser(fake.ownId, "8123456789012345678", "Nguyễn Thị Lan");
    const message = user.text("báo cáo");
    fake.api.listener.deliver(message);
    await transport.idle();
    expect(received).toEqual([{ messageId: message.data.msgId, chatId: "8123456789012345678", senderId: "8123456789012345678", senderName: "Nguyễn Thị Lan", isGroup: false, text: "báo cáo" }]);
  });

  it("ignores its own messages (sent from another device of the account), even if zca-js reports them", async () => {
    const { fake, transport, received } = await setup();
    fake.api.listener.deliverEvenIfSelf(ownMessage(fake.ownId, "8123456789012345678", "tin của chính mình"));
    await transport.idle();
    expect(received).toEqual([]);
  });

  it("ignores group messages by default and passes them with ZALO_GROUPS on", async () => {
    const off = await setup();
    off.fake.api.listener.deliver(groupText(off.fake.ownId, "g-5551", "8123456789012345678", "DM-KHCN"));
    await off.transport.idle();
    expect(off.received).toEqual([]);

    const on = await setup({ allowGroups: true });
    on.fake.api.listener.deliver(groupText(on.fake.ownId, "g-5551", "8123456789012345678", "DM-KHCN"));
    await on.transport.idle();
    expect(on.received).toMatchObject([{ chatId: "g-5551", senderId: "8123456789012345678", isGroup: true, text: "DM-KHCN" }]);
    await on.transport.sendText("g-5551", "Chào nhóm");
    expect(on.fake.api.sent.at(-1)).toMatchObject({ threadId: "g-5551", type: ThreadType.Group });
  });

  it("maps a photo to photo evidence (href as the file id, its caption as text) and a file to a document", async () => {
    const { fake, transport, received } = await setup();
    const user = zcaUser(fake.ownId, "8123456789012345678");
    fake.api.listener.deliver(user.photo("https://f21-zpc.zdn.vn/jpg/123/anh-bao-cao.jpg", "ảnh hội thảo"));
    fake.api.listener.deliver(user.file("https://f21-zpc.zdn.vn/f/456/bao-cao.pdf?x=1", "Báo cáo quý IV.pdf", 48_213));
    fake.api.listener.deliver(user.sticker());
    fake.api.listener.deliver(user.voice());
    await transport.idle();
    expect(received.map((r) => ({ text: r.text, attachment: r.attachment }))).toEqual([
      { text: "ảnh hội thảo", attachment: { kind: "photo", fileId: "https://f21-zpc.zdn.vn/jpg/123/anh-bao-cao.jpg", fileName: "anh-bao-cao.jpg" } },
      { text: undefined, attachment: { kind: "document", fileId: "https://f21-zpc.zdn.vn/f/456/bao-cao.pdf?x=1", fileName: "Báo cáo quý IV.pdf", sizeBytes: 48_213 } },
      { text: undefined, attachment: { kind: "sticker" } },
      { text: undefined, attachment: { kind: "voice" } },
    ]);
  });

  it("adds the sender's phone when Zalo shows it, asking once per user", async () => {
    const { fake, transport, received } = await setup();
    fake.phones.set("8123456789012345678", "84912000001");
    const user = zcaUser(fake.ownId, "8123456789012345678");
    fake.api.listener.deliver(user.text("xin chào"));
    fake.api.listener.deliver(user.text("báo cáo"));
    await transport.idle();
    expect(received.map((r) => [r.text, r.phone])).toEqual([
      ["xin chào", "0912000001"],
      ["báo cáo", "0912000001"],
    ]);
    expect(fake.api.userInfoCalls).toEqual(["8123456789012345678"]);
  });

  it("splits a text longer than 2,000 characters and sends the parts in order", async () => {
    const { fake, transport } = await setup();
    fake.api.listener.deliver(zcaUser(fake.ownId, "u1").text("hi"));
    await transport.idle();
    const text = Array.from({ length: 60 }, (_, i) => `Dòng ${i + 1}: ${"chỉ tiêu ".repeat(6)}`).join("\n");
    expect(text.length).toBeGreaterThan(3000);
    const sent = await transport.sendText("u1", text);
    const parts = fake.api.sent.map((s) => s.text);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    // Every word, in order; only the whitespace at a cut is trimmed (Zalo refuses blank parts).
    expect(parts.join("\n").replace(/\s+/g, " ")).toBe(text.replace(/\s+/g, " ").trim());
    expect(sent.messageId).toBeDefined();
  });

  it("surfaces Zalo's codes 123 and 221 as rate-limit errors, 122 as blocked, a network failure as transient", async () => {
    const { fake, transport } = await setup();
    fake.api.listener.deliver(zcaUser(fake.ownId, "u1").text("hi"));
    await transport.idle();
    const outcomes: unknown[] = [];
    for (const failure of [zaloError(221, "Vượt quá số request cho phép"), zaloError(123, "Không thể nhận tin nhắn từ bạn."), zaloError(122, "Người này chặn tin nhắn từ người lạ"), new TypeError("fetch failed"), zaloError(114, "Tham số không hợp lệ")]) {
      fake.api.sendFailures.push(failure);
      outcomes.push(await transport.sendText("u1", "Nhắc việc").catch((err: unknown) => err));
    }
    for (const o of outcomes) expect(o).toBeInstanceOf(ZaloSendError);
    expect(outcomes.map((o) => [(o as ZaloSendError).kind, (o as ZaloSendError).details.code])).toEqual([
      ["rate_limited", 221],
      ["rate_limited", 123],
      ["blocked", 122],
      ["transient", undefined],
      ["failed", 114],
    ]);
    expect((outcomes[0] as ZaloSendError).details.retryAfterSeconds).toBeGreaterThanOrEqual(15 * 60);
  });

  it("writes only to friends and people who wrote first: a stranger is refused without asking Zalo", async () => {
    const hasWrittenFirst = async (accountId: string, userId: string) => accountId === "7000000000000000001" && userId === "u-from-db";
    const { fake, transport } = await setup({ hasWrittenFirst });
    expect(await transport.canMessage("u-stranger")).toBe(false);
    expect(await transport.canMessage("u-from-db")).toBe(true);
    const refused = await transport.sendText("u-stranger", "Nhắc việc").catch((err: unknown) => err);
    expect(refused).toMatchObject({ kind: "failed" });
    expect(fake.api.sent).toEqual([]);
    await transport.sendText("u-from-db", "Nhắc việc");
    expect(fake.api.sent.map((s) => s.threadId)).toEqual(["u-from-db"]);
  });

  it("counts the account's friends as reachable, from the friend list and new friends", async () => {
    const { transport, fake } = await setup({ friends: ["u-friend"] });
    expect(await transport.canMessage("u-friend")).toBe(true);
    expect(await transport.canMessage("u-new-friend")).toBe(false);
    fake.api.listener.emit("friend_event", { type: 0, data: "u-new-friend", threadId: "u-new-friend", isSelf: false });
    expect(await transport.canMessage("u-new-friend")).toBe(true);
  });

  it("accepts a friend request from a registered phone number, and leaves others to a person", async () => {
    const registered = new Set(["0912000001"]);
    const { fake, transport } = await setup({ isRegisteredPhone: async (p) => registered.has(p) });
    fake.phones.set("u-lan", "+84 912 000 001");
    fake.phones.set("u-unknown", "0987654321");
    fake.api.listener.friendRequest("u-lan");
    fake.api.listener.friendRequest("u-unknown");
    fake.api.listener.friendRequest("u-hidden-phone");
    await new Promise((resolve) => setImmediate(resolve));
    expect(fake.api.accepted).toEqual(["u-lan"]);
    expect(await transport.canMessage("u-lan")).toBe(true);
    expect(await transport.canMessage("u-unknown")).toBe(false);
  });

  it("sends an image from a file with its caption", async () => {
    const { fake, transport, dir } = await setup();
    fake.api.listener.deliver(zcaUser(fake.ownId, "u1").text("hi"));
    await transport.idle();
    const path = join(dir, "chart.png");
    writeFileSync(path, await QRCode.toBuffer("chart"));
    const sent = await transport.sendImage("u1", { path, caption: "Tiến độ tháng 11" });
    expect(fake.api.sent.at(-1)).toMatchObject({ threadId: "u1", text: "Tiến độ tháng 11", attachments: 1 });
    expect(sent.messageId).toBeDefined();
  });

  it("waits instead of failing while the account is not connected", async () => {
    const { transport } = await setup({ credentials: false });
    const err = await transport.sendText("u1", "Nhắc việc").catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited", details: { retryAfterSeconds: 60 } });
  });
});
