import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { broadcasts, outbox } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { runConversation } from "./run-conversation.ts";
import { createDevChatSender } from "../../bots/devchat/dev-chat-sender.ts";
import { createDispatcher } from "../../src/outbox/dispatch-outbox.ts";
import { createLogger } from "../../src/logger.ts";
import { asSent } from "../support/as-sent.ts";
import { tickBroadcasts } from "../../src/services/broadcasts.ts";

describe("/nhac: a coordinator reminds the units that have not reported", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("previews the recipient count, then queues one message per linked focal point and a progress message", async () => {
    app = await startTestApp({ demo: true });
    await runConversation(app, {
      name: "broadcast",
      turns: [
        { as: "0912000001", send: "DM-KHCN" },
        { as: "0912000004", send: "DM-TC" },
        { as: "0912000006", send: "DM-PDP" },
        { as: "0912000003", send: "DP-KHCN" },
        { as: "0912000003", send: "/nhac", expect: ["Gửi lời nhắc tới ai?"], choices: ["Đơn vị chưa báo cáo kỳ tháng 11/2026", "Tất cả người đã liên kết", "Một đơn vị", "Theo vai trò"] },
        { as: "0912000003", press: "Đơn vị chưa báo cáo", expect: ["Gõ nội dung lời nhắc", "Nhắc báo cáo tháng 11"] },
        { as: "0912000003", press: "Dùng mẫu", expect: ["Sẽ gửi tới 3 người", "chưa liên kết sẽ không nhận được", "Nội dung: \"Nhắc báo cáo tháng 11"], choices: ["Gửi", "Hủy"] },
        { as: "0912000003", press: "Gửi", expect: ["Đang gửi"] },
        { as: "0912000001", send: "báo cáo", expect: ["Chọn chỉ tiêu"] },
      ],
    });
    const row = (await app.db.select().from(broadcasts).get())!;
    expect(row).toMatchObject({ status: "sending", source: "chat", audience: { type: "not_reported", periodKey: "2026-11" } });
    const queued = await app.db.select().from(outbox).where(eq(outbox.broadcastId, row.id)).all();
    expect(queued.map((q) => q.chatId).sort()).toEqual(["person-1", "person-4", "person-6"]);
    expect(queued.every((q) => asSent(q).text.startsWith("Nhắc báo cáo tháng 11"))).toBe(true);
    const progress = await app.db.select().from(outbox).where(eq(outbox.kind, "broadcast_progress")).all();
    expect(progress).toHaveLength(1);
    expect(asSent(progress[0]!).text).toBe("Đã gửi 0/3");
  });

  it("sends a typed text to one unit, and refuses /nhac to a focal point", async () => {
    app = await startTestApp({ demo: true });
    await runConversation(app, {
      name: "broadcast to a unit",
      turns: [
        { as: "0912000004", send: "DM-TC" },
        { as: "0912000001", send: "DM-KHCN" },
        { as: "0912000001", send: "/nhac", expect: ["chưa được phân quyền"] },
        { as: "0912000003", send: "DP-KHCN" },
        { as: "0912000003", send: "nhắc" },
        { as: "0912000003", send: "3", expect: ["Gõ tên đơn vị"] },
        { as: "0912000003", send: "so tai chinh", expect: ["Gõ nội dung lời nhắc"] },
        { as: "0912000003", send: "Họp giao ban lúc 14h thứ Sáu", expect: ["Sẽ gửi tới 1 người", "Họp giao ban"] },
        { as: "0912000003", send: "có", expect: ["Đang gửi"] },
      ],
    });
    const queued = await app.db.select().from(outbox).where(eq(outbox.kind, "broadcast")).all();
    expect(queued).toHaveLength(1);
    expect(queued[0]).toMatchObject({ chatId: "person-4" });
    expect(asSent(queued[0]!).text).toBe("Họp giao ban lúc 14h thứ Sáu");
  });
});

describe("a broadcast runs to its summary", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("delivers to each recipient once, edits the coordinator's progress message, then reports the summary", async () => {
    app = await startTestApp({ demo: true });
    const a = app;
    await runConversation(a, {
      name: "broadcast to all",
      turns: [
        { as: "0912000001", send: "DM-KHCN" },
        { as: "0912000004", send: "DM-TC" },
        { as: "0912000003", send: "DP-KHCN" },
        { as: "0912000003", send: "/nhac" },
        { as: "0912000003", press: "Tất cả" },
        { as: "0912000003", send: "Họp trực tuyến 9h sáng mai" },
        { as: "0912000003", press: "Gửi", expect: ["Đang gửi"] },
      ],
    });
    const dispatcher = createDispatcher({ db: a.db, senders: [createDevChatSender()], clock: a.clock, logger: createLogger("silent"), sleep: async (ms) => a.clock.advance(ms) });
    await dispatcher.drain({ timeoutMs: 5_000 });
    await tickBroadcasts(a.db, async () => "vi", a.clock.now());
    await dispatcher.drain({ timeoutMs: 5_000 });
    expect(await tickBroadcasts(a.db, async () => "vi", a.clock.now())).toBe(0);

    const inbox = async (user: string) => ((await (await fetch(`${a.base}/dev/inbox?user=${user}`)).json()) as { messages: { text: string }[] }).messages.map((m) => m.text);
    expect(await inbox("0912000001")).toEqual(["Họp trực tuyến 9h sáng mai"]);
    expect(await inbox("0912000004")).toEqual(["Họp trực tuyến 9h sáng mai"]);
    const coordinator = await inbox("0912000003");
    expect(coordinator).toContain("Họp trực tuyến 9h sáng mai");
    expect(coordinator).toContain("Đã gửi 3/3");
    expect(coordinator.at(-1)).toBe("Đã gửi xong: 3 đã nhận, 0 lỗi, 0 đã chặn bot, 5 chưa liên kết.");
    expect((await a.db.select().from(broadcasts).get())?.status).toBe("done");
  });
});
