import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboxSenders } from "../../bots/create-outbox-senders.ts";
import { insertOutboxMessage } from "../../db/repositories/outbox-repository.ts";
import { findPersonByPhone, setPersonLocale } from "../../db/repositories/people-repository.ts";
import { outbox } from "../../db/schema.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { startBroadcast } from "../../src/services/broadcasts.ts";
import { runReminderTick } from "../../src/services/reminders.ts";
import { linkTelegram, messagesTo, telegramPerson } from "../support/telegram-person.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

const logger = createLogger("silent");

/**
 * Outbox rows keep the message key, its params and the recipient's language; the dispatcher renders
 * them when it sends (src/outbox/render-outbox.ts → src/i18n/render.ts), with no lookup of anyone's
 * language. Wednesday 18/11/2026, 09:00 in Hà Nội: a week before the monthly deadline of the 25th.
 */
describe("messages rendered when sent, in the language their row keeps", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("a reminder and a broadcast queued for Lan (vi) and Bảo (en) reach the Bot API in each one's language, even after their language changed meanwhile", async () => {
    app = await startTestApp({ demo: true, telegram: true, now: "2026-11-18T02:00:00Z" });
    const lan = telegramPerson(750_001, "Lan");
    const bao = telegramPerson(750_002, "Bảo");
    await linkTelegram(app.db, "0912000001", lan.userId);
    await linkTelegram(app.db, "0912000004", bao.userId);
    const lanId = (await findPersonByPhone(app.db, "0912000001"))!.id;
    const baoId = (await findPersonByPhone(app.db, "0912000004"))!.id;
    await setPersonLocale(app.db, baoId, "en");

    const tick = await runReminderTick({ db: app.db, clock: app.clock, config: app.config, logger });
    expect(tick.digests).toBeGreaterThanOrEqual(2);
    await startBroadcast(app.db, { audience: { type: "all" }, text: { key: "broadcast.template", params: { month: 11 } }, source: "admin-api", createdByPersonId: null, notBefore: app.clock.now() }, app.clock.now());

    // What was queued: keys, params and the language, no rendered text.
    const rows = await app.db.select().from(outbox).all();
    const lanRows = rows.filter((r) => r.personId === lanId);
    const baoRows = rows.filter((r) => r.personId === baoId);
    expect(lanRows.map((r) => r.kind).sort()).toEqual(["broadcast", "reminder"]);
    expect(baoRows.map((r) => r.kind).sort()).toEqual(["broadcast", "reminder"]);
    expect(lanRows.every((r) => r.locale === "vi") && baoRows.every((r) => r.locale === "en")).toBe(true);
    for (const r of rows) expect(r.payload).not.toHaveProperty("text");

    // Their languages change after queueing: the sender does not look them up, the rows decide.
    await setPersonLocale(app.db, lanId, "en");
    await setPersonLocale(app.db, baoId, "vi");
    const dispatcher = createDispatcher({ db: app.db, senders: createOutboxSenders(app.config), clock: app.clock, logger, sleep: async (ms) => app!.clock.advance(ms) });
    const stats = await dispatcher.drain();
    expect(stats.sent).toBe(rows.length);

    const toLan = messagesTo(app.fake!, lan.userId);
    const toBao = messagesTo(app.fake!, bao.userId);
    expect(toLan.map((m) => m.text)).toEqual([expect.stringMatching(/^🔔 Nhắc báo cáo/), "Nhắc báo cáo tháng 11: đề nghị các đơn vị cập nhật số liệu trước 16h00 ngày 25. Trả lời tin nhắn này bằng \"báo cáo\" để báo cáo ngay."]);
    expect(toBao.map((m) => m.text)).toEqual([expect.stringMatching(/^🔔 Reminder/), "Reminder for month 11: please update your figures before 16:00 on the 25th. Reply \"report\" to report now."]);
    // The digest's lines and buttons too: Vietnamese period words for Lan, English for Bảo.
    expect(toLan[0]!.text).toContain("kỳ tháng 11/2026");
    expect(toBao[0]!.text).not.toMatch(/kỳ tháng|còn \d+ ngày/);
    expect(toLan[0]!.buttons.length).toBeGreaterThan(0);
    expect(toBao[0]!.buttons.length).toBeGreaterThan(0);
    for (const b of [...toLan[0]!.buttons, ...toBao[0]!.buttons]) expect(b.text.length).toBeLessThanOrEqual(64);
  });

  it("a row queued before the upgrade (rendered text, no language) still goes out as it was written", async () => {
    app = await startTestApp({ demo: true, telegram: true, now: "2026-11-18T02:00:00Z" });
    const lan = telegramPerson(750_003, "Lan");
    await linkTelegram(app.db, "0912000001", lan.userId);
    const text = "🔔 Nhắc báo cáo: anh/chị có 2 chỉ tiêu, nhiệm vụ cần báo cáo.\n#3 [5] Tỷ lệ phủ sóng 5G — kỳ tháng 11/2026, hạn 16:00 25/11 — còn 7 ngày";
    // The shape such a row has after the migration: payload.text, locale null (the column it did not have).
    const { id } = await insertOutboxMessage(app.db, { channel: "telegram", chatId: String(lan.userId), kind: "reminder", dedupKey: "reminder:before-upgrade", payload: { text, choices: [{ id: "c1.1", label: "#3 [5] Tỷ lệ phủ sóng 5G" }] }, status: "pending", nextAttemptAt: app.clock.now() });
    expect((await app.db.select().from(outbox).where(eq(outbox.id, id)).get())?.locale).toBeNull();

    const dispatcher = createDispatcher({ db: app.db, senders: createOutboxSenders(app.config), clock: app.clock, logger, sleep: async (ms) => app!.clock.advance(ms) });
    expect(await dispatcher.drain()).toMatchObject({ sent: 1, failed: 0 });
    const [sent] = messagesTo(app.fake!, lan.userId);
    expect(sent!.text).toBe(text);
    expect(sent!.buttons.map((b) => b.text)).toEqual(["#3 [5] Tỷ lệ phủ sóng 5G"]);
    expect((await app.db.select().from(outbox).where(eq(outbox.id, id)).get())?.status).toBe("sent");
  });
});
