import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { createOutboxSenders } from "../../bots/create-outbox-senders.ts";
import { outbox } from "../../db/schema.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { linkTelegram, messagesTo, telegramPerson, type TelegramPerson } from "../support/telegram-person.ts";

/** 02:50 on Sunday 6 December 2026 in Hà Nội; the next working moment is Monday 07:00 (QUIET_HOURS 21:00-07:00). */
const sundayNight = "2026-12-05T19:50:00Z";
const mondayMorning = "2026-12-07T00:00:00.000Z";
const token = "test-admin-token-123456";
const headers = { authorization: `Bearer ${token}`, "content-type": "application/json" };

describe("broadcasts keep quiet hours and weekends (injected clock)", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  async function start() {
    app = await startTestApp({ demo: true, telegram: true, now: sundayNight, env: { ADMIN_TOKEN: token } });
    const ha = telegramPerson(740_001, "Hà");
    const lan = telegramPerson(740_002, "Lan");
    const bao = telegramPerson(740_003, "Bảo");
    await linkTelegram(app.db, "0912000003", ha.userId);
    await linkTelegram(app.db, "0912000001", lan.userId);
    await linkTelegram(app.db, "0912000004", bao.userId);
    const dispatcher = createDispatcher({ db: app.db, senders: createOutboxSenders(app.config), clock: app.clock, logger: createLogger("silent"), sleep: async (ms) => app!.clock.advance(ms) });
    return { app, ha, lan, bao, dispatcher };
  }

  /** /nhac → everyone linked → the template: the preview, with its buttons. */
  async function previewAsCoordinator(t: TestApp, ha: TelegramPerson) {
    const say = async (update: ReturnType<typeof ha.text>) => {
      const before = messagesTo(t.fake!, ha.userId).length;
      await t.postUpdate(update);
      return messagesTo(t.fake!, ha.userId, before).at(-1)!;
    };
    const audience = await say(ha.text("/nhac"));
    const askText = await say(ha.press(audience.buttons.find((b) => b.text === "Tất cả người đã liên kết")!));
    return { say, preview: await say(ha.press(askText.buttons.find((b) => b.text === "Dùng mẫu")!)) };
  }

  const broadcastRows = (t: TestApp) => t.db.select().from(outbox).where(and(eq(outbox.kind, "broadcast"))).all();

  it("at 02:50 on a Sunday, the preview says it goes out at 07:00 on Monday, and nothing reaches anyone before then", async () => {
    const { app: t, ha, lan, bao, dispatcher } = await start();
    const { say, preview } = await previewAsCoordinator(t, ha);
    expect(preview.text).toContain("lời nhắc sẽ được gửi lúc 07:00 07/12");
    expect(preview.buttons.map((b) => b.text)).toEqual(["Gửi lúc 07:00 07/12", "Gửi ngay (việc gấp)", "Hủy"]);

    const confirmed = await say(ha.press(preview.buttons[0]!));
    expect(confirmed.text).toContain("Đã lên lịch: lời nhắc sẽ được gửi lúc 07:00 07/12");
    expect((await broadcastRows(t)).map((r) => r.nextAttemptAt.toISOString())).toEqual([mondayMorning, mondayMorning, mondayMorning]);

    t.fake!.reset();
    await dispatcher.runOnce();
    expect(t.fake!.sentTexts(lan.userId)).toEqual([]);
    expect(t.fake!.sentTexts(bao.userId)).toEqual([]);

    t.clock.set(mondayMorning);
    await dispatcher.drain({ timeoutMs: 60_000 });
    expect(t.fake!.sentTexts(lan.userId)).toEqual([expect.stringContaining("Nhắc báo cáo tháng 12")]);
    expect(t.fake!.sentTexts(bao.userId)).toEqual([expect.stringContaining("Nhắc báo cáo tháng 12")]);
  });

  it("'Gửi ngay' is the coordinator's explicit choice for an urgent one: it goes out at once", async () => {
    const { app: t, ha, lan, dispatcher } = await start();
    const { say, preview } = await previewAsCoordinator(t, ha);
    const confirmed = await say(ha.press(preview.buttons.find((b) => b.text === "Gửi ngay (việc gấp)")!));
    expect(confirmed.text).toContain("Đang gửi");
    expect((await broadcastRows(t)).every((r) => r.nextAttemptAt.getTime() === t.clock.now().getTime())).toBe(true);
    await dispatcher.drain({ timeoutMs: 60_000 });
    expect(t.fake!.sentTexts(lan.userId)).toEqual([expect.stringContaining("Nhắc báo cáo tháng 12")]);
  });

  it("typing 'có' schedules it; only 'gửi ngay' sends through the quiet hours", async () => {
    const { app: t, ha } = await start();
    const { say } = await previewAsCoordinator(t, ha);
    expect((await say(ha.text("có"))).text).toContain("Đã lên lịch");
    expect((await broadcastRows(t)).every((r) => r.nextAttemptAt.toISOString() === mondayMorning)).toBe(true);
  });

  it("POST /api/broadcasts waits for Monday 07:00 unless sendNow is set, and says when", async () => {
    const { app: t } = await start();
    const post = (body: Record<string, unknown>) => fetch(`${t.base}/api/broadcasts`, { method: "POST", headers, body: JSON.stringify({ audience: { type: "role", role: "focal_point" }, text: "Nhắc báo cáo", ...body }) });
    expect(await (await post({ dryRun: true })).json()).toMatchObject({ dryRun: true, sendsAt: mondayMorning });
    const waiting = await post({});
    expect(waiting.status).toBe(201);
    expect(await waiting.json()).toMatchObject({ sendsAt: mondayMorning, broadcast: { sendsAt: mondayMorning, pending: 2 } });
    const urgent = await post({ sendNow: true });
    expect(await urgent.json()).toMatchObject({ sendsAt: new Date(sundayNight).toISOString(), broadcast: { sendsAt: new Date(sundayNight).toISOString() } });
  });
});
