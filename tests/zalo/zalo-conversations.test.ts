import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { chatAccounts, evidence, reportRevisions, reports } from "../../db/schema.ts";
import { loadCase, prepareCase, type ConversationCase } from "../chat/run-conversation.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { checkZaloReplies } from "./check-zalo-replies.ts";
import { offeredIn, zaloUser } from "../support/zalo-user.ts";

const casesDir = fileURLToPath(new URL("../chat/cases", import.meta.url));

/** What the fake Zalo Bot API delivered to one chat, in order. */
function sentTo(app: TestApp, chatId: string): string[] {
  return app.zalo!.fake.sentTexts(chatId);
}

/**
 * Replays a conversation case through POST /zalo/webhook (real HTTP, the secret header); replies
 * are read off the fake Zalo Bot API. Zalo has no buttons: a press types the number the last
 * message gave the label, or, where the conversation waits for a figure or a note, the label's word.
 */
async function replayOverZalo(app: TestApp, c: ConversationCase): Promise<void> {
  const users = new Map<string, ReturnType<typeof zaloUser>>();
  for (const [i, turn] of c.turns.entries()) {
    const where = `${c.name}, turn ${i + 1}`;
    if (turn.at) app.clock.set(turn.at);
    const user = users.get(turn.as) ?? zaloUser(`7f3a${String(users.size).padStart(16, "0")}`);
    users.set(turn.as, user);
    let body: unknown;
    if (turn.press !== undefined) {
      const last = sentTo(app, user.id).at(-1) ?? "";
      const { numbered, words } = offeredIn(last);
      const matches = (label: string) => label === turn.press || label.startsWith(turn.press!);
      const n = numbered.findIndex(matches);
      const word = words.find(matches);
      if (n < 0 && word === undefined) throw new Error(`${where}: "${turn.press}" is not offered in ${JSON.stringify(last.slice(-300))}`);
      body = user.text(n >= 0 ? String(n + 1) : word!);
    } else if (turn.attachment) body = user.attachment(turn.attachment, turn.send);
    else body = user.text(turn.send ?? "");
    const before = sentTo(app, user.id).length;
    const res = await app.postZaloUpdate(body);
    expect(res.status, where).toBe(200);
    const replies = sentTo(app, user.id).slice(before);
    checkZaloReplies(where, replies, turn);
  }
}

describe("every conversation case, replayed over the official Zalo bot's webhook against a fake Zalo Bot API", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort()) {
    const c = loadCase(join(casesDir, file));
    it(c.name, async () => {
      app = await startTestApp({ demo: true, zalo: true, ...(c.now ? { now: c.now } : {}) });
      await prepareCase(app.db, c);
      await replayOverZalo(app, c);
    });
  }

  it("keeps a captioned photo's URL and a typed link as evidence, of kinds photo and link", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    await replayOverZalo(app, loadCase(join(casesDir, "evidence-link-and-caption-vi.json")));
    const rows = await app.db.select({ kind: evidence.kind, channel: evidence.channel, fileId: evidence.fileId }).from(evidence).orderBy(evidence.id).all();
    expect(rows).toEqual([
      { kind: "photo", channel: "zalo", fileId: "https://zalo-cdn.example.test/anh-5g.jpg" },
      { kind: "link", channel: "zalo", fileId: "https://drive.example.vn/bien-ban-5g.pdf" },
    ]);
  });

  it("keys the chat account by (zalo, the bot's id from getMe, the user id)", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718293");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    expect(await app.db.select({ channel: chatAccounts.channel, accountId: chatAccounts.accountId, externalUserId: chatAccounts.externalUserId }).from(chatAccounts).all()).toEqual([
      { channel: "zalo", accountId: app.zalo!.fake.botInfo.id, externalUserId: user.id },
    ]);
    expect(app.zalo!.fake.callsOf("setWebhook")[0]?.payload).toEqual({ url: "https://chitieu.example.test/zalo/webhook", secret_token: "zalo-s3cret-webhook-0123456789" });
  });

  it("shows the menu as one numbered list with a hint, the language included, and '2' picks the second choice", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718294");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    const welcome = sentTo(app, user.id).at(-1)!;
    expect(welcome).toMatch(/^Anh\/chị muốn làm gì\? Gõ số thứ tự, hoặc gõ tên việc \(ví dụ "báo cáo"\):\n\n1\. Báo cáo\n2\. Chỉ tiêu của tôi\n3\. Sửa số liệu\n4\. Ngôn ngữ \/ Language\nTrả lời 1, 2, 3 hoặc 4\.$/);
    expect(welcome).not.toContain("•");
    await app.postZaloUpdate(user.text("2"));
    expect(sentTo(app, user.id).join("\n")).toContain("Chỉ tiêu, nhiệm vụ của anh/chị:");
  });

  it("names the choices as words where a typed number is a figure, and a typed '1' there is the value 1", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718295");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    await app.postZaloUpdate(user.text("báo cáo"));
    await app.postZaloUpdate(user.text("phu song 5g"));
    const ask = sentTo(app, user.id).at(-1)!;
    expect(ask).toMatch(/\nGõ "Hủy"\.$/);
    expect(ask).not.toMatch(/\n1\. Hủy/);
    await app.postZaloUpdate(user.text("1"));
    // Read as 1%, far below the target: the core asks to confirm, it did not cancel.
    const unusual = sentTo(app, user.id).at(-1)!;
    expect(unusual).toContain("Số 1% khác nhiều");
    expect(offeredIn(unusual).numbered).toEqual(["Đúng, tiếp tục", "Nhập lại"]);
    await app.postZaloUpdate(user.text("2"));
    await app.postZaloUpdate(user.text("72,5"));
    const note = sentTo(app, user.id).at(-1)!;
    expect(note).toContain("ghi chú");
    expect(note).toMatch(/\nGõ "Bỏ qua" hoặc "Hủy"\.$/);
    await app.postZaloUpdate(user.text("bỏ qua"));
    expect(sentTo(app, user.id).at(-1)).toContain("minh chứng");
  });

  it("resumes a report after a restart between two steps", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const dir = app.dir;
    const user = zaloUser("5a1b2c3d4e5f60718297");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    await app.postZaloUpdate(user.text("báo cáo"));
    await app.postZaloUpdate(user.text("phu song 5g"));
    await app.close(true);
    app = await startTestApp({ zalo: true, dir });
    await app.postZaloUpdate(user.text("72,5"));
    expect(sentTo(app, user.id).at(-1)).toContain("ghi chú");
    await app.postZaloUpdate(user.text("bỏ qua"));
    await app.postZaloUpdate(user.text("bỏ qua"));
    await app.postZaloUpdate(user.text("có"));
    expect(sentTo(app, user.id).join("\n")).toContain("Đã lưu báo cáo [3] kỳ tháng 11/2026: 72,5%");
    expect((await app.db.select().from(reports).get())?.valueNumber).toBe(72.5);
  });

  it("stores one report when Zalo delivers the confirming message 50 times", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718296");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    await app.postZaloUpdate(user.text("5G 72"));
    const save = offeredIn(sentTo(app, user.id).at(-1)!).numbered.indexOf("Lưu");
    expect(save).toBeGreaterThanOrEqual(0);
    const confirm = user.text(String(save + 1), "redelivered-confirm");
    const results = await Promise.all(Array.from({ length: 50 }, () => app!.postZaloUpdate(confirm)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await app.db.select({ n: count() }).from(reports).get())?.n).toBe(1);
    expect((await app.db.select({ n: count() }).from(reportRevisions).get())?.n).toBe(1);
    expect(sentTo(app, user.id).filter((m) => m.includes("Đã lưu báo cáo"))).toHaveLength(1);
  });

  it("answers 401 to a wrong or missing secret and handles nothing", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718297");
    expect((await app.postZaloUpdate(user.text("DM-KHCN"), "wrong-secret-0123456789abc")).status).toBe(401);
    expect((await app.postZaloUpdate(user.text("DM-KHCN"), "")).status).toBe(401);
    expect((await app.postZaloUpdate(user.text("DM-KHCN"), null)).status).toBe(401);
    expect(app.zalo!.fake.callsOf("sendMessage")).toHaveLength(0);
    expect((await app.db.select({ n: count() }).from(chatAccounts).get())?.n).toBe(0);
  });

  it("answers a photo, a sticker and an unsupported message, and acknowledges a body that is not a message", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718298");
    await app.postZaloUpdate(user.text("DM-KHCN"));
    await app.postZaloUpdate(user.sticker());
    expect(sentTo(app, user.id).at(-2)).toContain("nhãn dán");
    await app.postZaloUpdate(user.unsupported());
    expect(sentTo(app, user.id).join("\n")).toContain("Em chưa xử lý được loại tin nhắn này");
    await app.postZaloUpdate(user.image("https://zalo-cdn.example.test/a.jpg"));
    expect(sentTo(app, user.id).join("\n")).toContain("Em đã nhận ảnh");
    const before = app.zalo!.fake.callsOf("sendMessage").length;
    expect((await app.postZaloUpdate({ ok: true, result: { event_name: "user.follow" } })).status).toBe(200);
    expect((await app.postZaloUpdate("not an update")).status).toBe(200);
    expect(app.zalo!.fake.callsOf("sendMessage")).toHaveLength(before);
  });

  it("ignores group messages unless ZALO_GROUPS is on", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const group = { ok: true, result: { event_name: "message.text.received", message: { from: { id: "u-1", display_name: "A" }, chat: { id: "g-1", chat_type: "GROUP" }, text: "DM-KHCN", message_id: "g-m1", date: 1 } } };
    expect((await app.postZaloUpdate(group)).status).toBe(200);
    expect(app.zalo!.fake.callsOf("sendMessage")).toHaveLength(0);
  });

  it("splits a reply longer than 2,000 characters on line boundaries and loses nothing", async () => {
    app = await startTestApp({ demo: true, zalo: true });
    const user = zaloUser("5a1b2c3d4e5f60718299");
    await app.postZaloUpdate(user.text("LD-KHCN"));
    const before = sentTo(app, user.id).length;
    // A page of the unit head's overdue list (20 lines) is one reply of about 3,000 characters.
    await app.postZaloUpdate(user.text("quá hạn"));
    const parts = sentTo(app, user.id).slice(before);
    expect(parts.length).toBe(2);
    for (const p of parts) expect(p.length).toBeLessThanOrEqual(2000);
    const again = await app.chat.handle({ channel: "zalo", accountId: app.zalo!.transport.accountId, chatId: user.id, senderId: user.id, text: "quá hạn" });
    expect(again.replies).toHaveLength(1);
    expect(again.replies[0]!.text.length).toBeGreaterThan(2000);
    // The page's text, then its "Xem thêm" as a numbered choice (Zalo has no buttons).
    expect(parts.join("\n").startsWith(again.replies[0]!.text)).toBe(true);
    expect(parts.join("\n").slice(again.replies[0]!.text.length)).toContain("1. Xem thêm");
  });
});
