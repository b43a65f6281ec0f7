import { afterEach, describe, expect, it } from "vitest";
import { createDevChatSender } from "../../bots/devchat/dev-chat-sender.ts";
import { resolveDevUser } from "../../bots/devchat/resolve-dev-user.ts";
import { createLogger } from "../../src/logger.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";

describe("the dev chat's inbox", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("shows what the outbox delivered to a dev-chat user, oldest first, edits naming the message they replace", async () => {
    app = await startTestApp({ demo: true });
    const { db, clock, base } = app;
    const chatId = await resolveDevUser(db, "0912000001");
    const reminder = await enqueueMessage(db, { channel: "devchat", chatId, kind: "reminder", dedupKey: "r1", payload: { text: "Nhắc: chỉ tiêu 5G hạn 16:00 25/11", choices: [{ id: "c1", label: "Báo cáo" }] } }, clock.now());
    await enqueueMessage(db, { channel: "devchat", chatId, kind: "broadcast_progress", dedupKey: "r2", payload: { text: "Đã gửi 2/2", edit: { messageOfOutboxId: reminder.id } } }, clock.now());
    await enqueueMessage(db, { channel: "devchat", chatId: await resolveDevUser(db, "0912000002"), kind: "reminder", dedupKey: "r3", payload: { text: "Không phải của Lan" } }, clock.now());
    await createDispatcher({ db, clock, logger: createLogger("silent"), senders: [createDevChatSender()], sleep: async (ms) => clock.advance(ms) }).drain();

    const res = await fetch(`${base}/dev/inbox?user=0912000001`);
    expect(res.status).toBe(200);
    const { messages } = (await res.json()) as { messages: { id: number; text: string; messageId: string; edit: boolean; kind: string; choices: unknown[] }[] };
    expect(messages.map((m) => ({ text: m.text, kind: m.kind, edit: m.edit, messageId: m.messageId }))).toEqual([
      { text: "Nhắc: chỉ tiêu 5G hạn 16:00 25/11", kind: "reminder", edit: false, messageId: `dev-${reminder.id}` },
      { text: "Đã gửi 2/2", kind: "broadcast_progress", edit: true, messageId: `dev-${reminder.id}` },
    ]);
    expect(messages[0]?.choices).toEqual([{ id: "c1", label: "Báo cáo" }]);

    const after = (await (await fetch(`${base}/dev/inbox?user=0912000001&after=${messages[1]!.id}`)).json()) as { messages: unknown[] };
    expect(after.messages).toEqual([]);
    expect((await fetch(`${base}/dev/inbox`)).status).toBe(400);
  });
});
