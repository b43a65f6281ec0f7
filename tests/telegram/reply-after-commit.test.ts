import { afterEach, describe, expect, it } from "vitest";
import { reportRevisions } from "../../db/schema.ts";
import { createOutboxSenders } from "../../bots/create-outbox-senders.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { linkTelegram, messagesTo, telegramPerson } from "../support/telegram-person.ts";

describe("a saved report whose answer cannot be sent", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("is answered later through the outbox, never with 'the system has an error, try again'", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const fake = app.fake!;
    const lan = telegramPerson(610_001, "Lan");
    await linkTelegram(app.db, "0912000001", lan.userId);

    expect((await app.postUpdate(lan.text("5G 72"))).status).toBe(200);
    const save = messagesTo(fake, lan.userId).at(-1)!.buttons.find((b) => b.text === "Lưu")!;

    // The network drops the "saved" answer (once): the figure is saved, the reply is not delivered.
    let drops = 1;
    fake.failWhen((method) => (method === "sendMessage" && drops-- > 0 ? { dropConnection: true } : undefined));
    const before = fake.callsOf("sendMessage").length;
    expect((await app.postUpdate(lan.press(save))).status).toBe(200);
    expect(await app.db.select().from(reportRevisions).all()).toHaveLength(1);
    expect(fake.callsOf("sendMessage").slice(before).map((c) => String(c.payload.text))).toEqual([expect.stringContaining("Đã lưu báo cáo [3]")]);

    fake.reset();
    const dispatcher = createDispatcher({ db: app.db, senders: createOutboxSenders(app.config), clock: app.clock, logger: createLogger("silent"), sleep: async (ms) => app!.clock.advance(ms) });
    await dispatcher.drain({ timeoutMs: 60_000 });
    const late = fake.sentTexts(lan.userId);
    expect(late).toHaveLength(1);
    expect(late[0]).toContain("Đã lưu báo cáo [3]");
    expect(late.join("\n")).not.toContain("lỗi");
  });
});
