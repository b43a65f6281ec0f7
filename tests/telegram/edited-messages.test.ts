import { afterEach, describe, expect, it } from "vitest";
import { reportRevisions } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { linkTelegram, messagesTo, telegramPerson } from "../support/telegram-person.ts";

describe("an edited message", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("never answers the current question: the figure edited while the bot asks for a note stays as typed, the note stays empty, and the reply says how to correct", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const fake = app.fake!;
    const lan = telegramPerson(730_001, "Lan");
    await linkTelegram(app.db, "0912000001", lan.userId);
    const say = async (update: ReturnType<typeof lan.text>) => {
      const before = messagesTo(fake, lan.userId).length;
      expect((await app!.postUpdate(update)).status).toBe(200);
      return messagesTo(fake, lan.userId, before).map((m) => m.text).join("\n");
    };

    await say(lan.text("/baocao"));
    await say(lan.text("phu song 5g"));
    const figure = lan.text("72");
    expect(await say(figure)).toContain("ghi chú");
    const edited = await say(lan.edit(figure.message!.message_id, "75"));
    expect(edited).toContain("Em không đọc lại tin nhắn đã sửa");
    expect(edited).toContain("/sua");
    // Still the note question: the edit answered nothing.
    expect(await say(lan.text("bỏ qua"))).toContain("minh chứng");
    expect(await say(lan.text("bỏ qua"))).toContain("Số liệu: 72%");
    expect(await say(lan.text("có"))).toContain("Đã lưu báo cáo [3]");
    const [revision, ...more] = await app.db.select().from(reportRevisions).all();
    expect(more).toEqual([]);
    expect(revision).toMatchObject({ valueNumber: 72, note: null });
  });

  it("outside any flow gets the same reply and changes nothing", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const lan = telegramPerson(730_002, "Lan");
    await linkTelegram(app.db, "0912000001", lan.userId);
    const first = lan.text("5G 72");
    await app.postUpdate(first);
    const before = messagesTo(app.fake!, lan.userId).length;
    await app.postUpdate(lan.edit(first.message!.message_id, "5G 80"));
    expect(messagesTo(app.fake!, lan.userId, before).map((m) => m.text)).toEqual([expect.stringContaining("Em không đọc lại tin nhắn đã sửa")]);
    await app.postUpdate(lan.text("có"));
    expect((await app.db.select().from(reportRevisions).all()).map((r) => r.valueNumber)).toEqual([72]);
  });
});
