import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { reportRevisions, reports } from "../../db/schema.ts";
import { loadCase, prepareCase, type ConversationCase } from "../chat/run-conversation.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const casesDir = join(fileURLToPath(new URL("../chat/cases", import.meta.url)), "");
const date = 1_795_600_000;

/** Telegram-shaped updates for one official in a private chat. */
function telegramUser(id: number, languageCode: string) {
  const from = { id, is_bot: false, first_name: `Official ${id}`, language_code: languageCode };
  const chat = { id, type: "private" as const, first_name: from.first_name };
  return {
    text: (updateId: number, text: string) => ({
      update_id: updateId,
      message: { message_id: updateId, date, chat, from, text, ...(/^\/\S+/.test(text) ? { entities: [{ type: "bot_command", offset: 0, length: /^\/\S+/.exec(text)![0].length }] } : {}) },
    }),
    press: (updateId: number, data: string) => ({
      update_id: updateId,
      callback_query: { id: `cb-${updateId}`, from, chat_instance: "ci", data, message: { message_id: 1, date, chat, text: "…", from: { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu" } } },
    }),
    attachment: (updateId: number, a: Record<string, unknown>, caption?: string) => {
      const base = { message_id: updateId, date, chat, from, ...(caption ? { caption } : {}) };
      switch (a.kind) {
        case "photo":
          return { update_id: updateId, message: { ...base, photo: [{ file_id: String(a.fileId), file_unique_id: `u-${String(a.fileId)}`, width: 800, height: 600, file_size: Number(a.sizeBytes ?? 1000) }] } };
        case "document":
          return { update_id: updateId, message: { ...base, document: { file_id: String(a.fileId), file_unique_id: `u-${String(a.fileId)}`, file_name: String(a.fileName ?? "bao-cao.pdf"), mime_type: "application/pdf" } } };
        case "sticker":
          return { update_id: updateId, message: { ...base, sticker: { file_id: "st", file_unique_id: "st-u", type: "regular", width: 512, height: 512, is_animated: false, is_video: false, emoji: "👍" } } };
        default:
          return { update_id: updateId, message: { ...base, voice: { file_id: "v", file_unique_id: "v-u", duration: 3 } } };
      }
    },
  };
}

interface SentMessage {
  text: string;
  buttons: { text: string; callback_data: string }[];
}

/** Replays a conversation case through POST /telegram/webhook; the replies are read off the fake Bot API. */
async function replayOverTelegram(app: TestApp, c: ConversationCase): Promise<void> {
  const ids = new Map<string, number>();
  let updateId = 1000;
  for (const [i, turn] of c.turns.entries()) {
    if (turn.at) app.clock.set(turn.at);
    const userId = ids.get(turn.as) ?? 600_000 + ids.size;
    ids.set(turn.as, userId);
    const user = telegramUser(userId, turn.as === "0912000007" ? "en" : "vi");
    let update: unknown;
    if (turn.press !== undefined) {
      const last = sentTo(app, userId).at(-1);
      const button = last?.buttons.find((b) => b.text === turn.press || b.text.startsWith(turn.press!));
      if (!button) throw new Error(`${c.name}, turn ${i + 1}: no button "${turn.press}" in ${JSON.stringify(last?.buttons.map((b) => b.text))}`);
      expect(Buffer.byteLength(button.callback_data)).toBeLessThanOrEqual(64);
      update = user.press(++updateId, button.callback_data);
    } else if (turn.attachment) update = user.attachment(++updateId, turn.attachment, turn.send);
    else update = user.text(++updateId, turn.send ?? "");
    const before = sentTo(app, userId).length;
    const res = await app.postUpdate(update);
    expect(res.status, `${c.name}, turn ${i + 1}`).toBe(200);
    const replies = sentTo(app, userId).slice(before);
    expect(replies.length, `${c.name}, turn ${i + 1}: a reply`).toBeGreaterThan(0);
    const text = replies.map((r) => r.text).join("\n");
    for (const e of turn.expect ?? []) {
      if (e.startsWith("!")) expect(text, `${c.name}, turn ${i + 1}`).not.toContain(e.slice(1));
      else expect(text, `${c.name}, turn ${i + 1}`).toContain(e);
    }
    for (const label of turn.choices ?? []) expect(replies.at(-1)?.buttons.map((b) => b.text)).toContain(label);
    // The press's answer rides in the webhook's response body (telegramWebhookRoute), not as a request.
    if (turn.press !== undefined) expect(await res.json(), `${c.name}, turn ${i + 1}`).toEqual({ method: "answerCallbackQuery", callback_query_id: `cb-${updateId}` });
  }
}

function sentTo(app: TestApp, chatId: number): SentMessage[] {
  return app.fake!
    .callsOf("sendMessage")
    .filter((c) => String(c.payload.chat_id) === String(chatId))
    .map((c) => {
      const markup = c.payload.reply_markup as { inline_keyboard?: { text: string; callback_data: string }[][] } | undefined;
      return { text: String(c.payload.text), buttons: markup?.inline_keyboard?.flat() ?? [] };
    });
}

describe("every conversation case, replayed over the Telegram webhook against a fake Bot API", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort()) {
    const c = loadCase(join(casesDir, file));
    it(c.name, async () => {
      app = await startTestApp({ demo: true, telegram: true, ...(c.now ? { now: c.now } : {}) });
      await prepareCase(app.db, c);
      await replayOverTelegram(app, c);
    });
  }

  it("stores one report when Telegram delivers the confirming update 50 times", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const user = telegramUser(700_001, "vi");
    await app.postUpdate(user.text(1, "/start DM-KHCN"));
    await app.postUpdate(user.text(2, "5G 72"));
    const save = sentTo(app, 700_001).at(-1)!.buttons.find((b) => b.text === "Lưu")!;
    const confirm = user.press(3, save.callback_data);
    const results = await Promise.all(Array.from({ length: 50 }, () => app!.postUpdate(confirm)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    expect((await app.db.select({ n: count() }).from(reports).get())?.n).toBe(1);
    expect((await app.db.select({ n: count() }).from(reportRevisions).get())?.n).toBe(1);
    expect(sentTo(app, 700_001).filter((m) => m.text.includes("Đã lưu báo cáo"))).toHaveLength(1);
  });

  it("refuses a press on an earlier message's keyboard instead of acting on the current step", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const user = telegramUser(700_004, "vi");
    await app.postUpdate(user.text(1, "/start DM-KHCN"));
    const menu = sentTo(app, 700_004).at(-1)!;
    const oldReport = menu.buttons.find((b) => b.text === "Báo cáo")!;
    await app.postUpdate(user.text(2, "5G 72"));
    const confirmation = sentTo(app, 700_004).at(-1)!;
    expect(confirmation.text).toContain("Kiểm tra trước khi lưu");
    // The old menu's first button sits where "Lưu" sits now: it must not save.
    expect(confirmation.buttons[0]?.text).toBe("Lưu");
    await app.postUpdate(user.press(3, oldReport.callback_data));
    expect(sentTo(app, 700_004).at(-1)?.text).toContain("tin nhắn cũ nên chưa làm gì");
    expect((await app.db.select({ n: count() }).from(reports).get())?.n).toBe(0);
    // The current keyboard still works.
    await app.postUpdate(user.press(4, confirmation.buttons[0]!.callback_data));
    expect(sentTo(app, 700_004).at(-1)?.text).toContain("Đã lưu báo cáo");
    expect((await app.db.select({ n: count() }).from(reports).get())?.n).toBe(1);
  });

  it("answers 401 to a wrong or missing secret and handles nothing", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const user = telegramUser(700_002, "vi");
    expect((await app.postUpdate(user.text(1, "/start DM-KHCN"), "wrong-secret-0123456789")).status).toBe(401);
    expect((await app.postUpdate(user.text(2, "/start DM-KHCN"), null)).status).toBe(401);
    expect(app.fake!.callsOf("sendMessage")).toHaveLength(0);
  });

  it("resumes a report after a restart between two steps", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const dir = app.dir;
    const user = telegramUser(700_003, "vi");
    await app.postUpdate(user.text(1, "/start DM-KHCN"));
    await app.postUpdate(user.text(2, "báo cáo"));
    await app.postUpdate(user.text(3, "phu song 5g"));
    await app.close(true);
    app = await startTestApp({ telegram: true, dir });
    await app.postUpdate(user.text(4, "72,5"));
    expect(sentTo(app, 700_003).at(-1)?.text).toContain("ghi chú");
    await app.postUpdate(user.text(5, "bỏ qua"));
    await app.postUpdate(user.text(6, "bỏ qua"));
    await app.postUpdate(user.text(7, "có"));
    expect(sentTo(app, 700_003).at(-1)?.text).toContain("Đã lưu báo cáo [3] kỳ tháng 11/2026: 72,5%");
    expect((await app.db.select().from(reports).get())?.valueNumber).toBe(72.5);
  });
});
