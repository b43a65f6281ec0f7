import { afterEach, describe, expect, it } from "vitest";
import { createOutboxSenders } from "../../bots/create-outbox-senders.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { setPlanApproval } from "../../src/services/approvals.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { linkTelegram, messagesTo, telegramPerson } from "../support/telegram-person.ts";

/**
 * What reaches the focal point when a unit head decides, over Telegram (fake Bot API, real outbox
 * dispatcher): a return at once, with the reason and a button that corrects the figure; an
 * approval, nothing (it shows in /chitieu).
 */
describe("approval notices to the focal point", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("sends a returned figure at once with the reason and a button to correct it; sends nothing for an approval", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const t = app;
    for (const plan of await listPlans(t.db)) await setPlanApproval(t.db, plan.key, true, { personId: null, name: "cli" }, t.clock.now());
    const lan = telegramPerson(720_001, "Lan");
    const minh = telegramPerson(720_002, "Minh");
    await linkTelegram(t.db, "0912000001", lan.userId);
    await linkTelegram(t.db, "0912000002", minh.userId);
    const dispatcher = createDispatcher({ db: t.db, senders: createOutboxSenders(t.config), clock: t.clock, logger: createLogger("silent"), sleep: async (ms) => t.clock.advance(ms) });
    const last = (userId: number) => messagesTo(t.fake!, userId).at(-1)!;
    const post = async (u: Parameters<TestApp["postUpdate"]>[0]) => expect((await t.postUpdate(u)).status).toBe(200);
    const pressOn = async (who: typeof lan, userId: number, label: string) => {
      const button = last(userId).buttons.find((b) => b.text.startsWith(label));
      if (!button) throw new Error(`no button ${label} in ${JSON.stringify(last(userId).buttons.map((b) => b.text))}`);
      await post(who.press(button));
    };

    await post(lan.text("5G 72"));
    await pressOn(lan, lan.userId, "Lưu");
    await post(minh.text("/duyet"));
    await pressOn(minh, minh.userId, "3 · ");
    await pressOn(minh, minh.userId, "Trả lại");
    await post(minh.text("Chưa khớp số liệu của nhà mạng"));
    const beforeNotice = messagesTo(t.fake!, lan.userId).length;
    await dispatcher.drain({ timeoutMs: 60_000 });
    const notices = messagesTo(t.fake!, lan.userId, beforeNotice);
    expect(notices).toHaveLength(1);
    expect(notices[0]!.text).toContain("bị Trần Văn Minh trả lại");
    expect(notices[0]!.text).toContain("Lý do: Chưa khớp số liệu của nhà mạng");
    expect(notices[0]!.buttons.map((b) => b.text)).toEqual(["Sửa 3 — tháng 11/2026"]);

    // The button opens the figure for correction; the correction goes back to the head.
    await pressOn(lan, lan.userId, "Sửa 3");
    expect(last(lan.userId).text).toContain("tháng 11/2026");
    await post(lan.text("80"));
    await post(lan.text("bỏ qua"));
    await post(lan.text("bỏ qua"));
    await post(lan.text("có"));
    expect(last(lan.userId).text).toContain("Đã lưu số liệu sửa [3]");
    await post(minh.text("/duyet"));
    expect(last(minh.userId).text).toContain("80%");

    await pressOn(minh, minh.userId, "3 · ");
    await pressOn(minh, minh.userId, "Duyệt");
    expect(last(minh.userId).text).toContain("Đã duyệt [3]");
    const beforeApproval = messagesTo(t.fake!, lan.userId).length;
    await dispatcher.drain({ timeoutMs: 60_000 });
    expect(messagesTo(t.fake!, lan.userId, beforeApproval)).toEqual([]);
  });
});
