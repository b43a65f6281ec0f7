import { afterEach, describe, expect, it } from "vitest";
import type { ChatService } from "../../src/chat/chat-service.ts";
import type { Inbound } from "../../src/chat/types.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";

/** What the host tells an adapter beside the replies, on a real SQLite file with the demo data. */
describe("the chat host's outcome and conversation keys", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  async function start(): Promise<{ chat: ChatService; say: (accountId: string, userId: string, text: string) => ReturnType<ChatService["handle"]> }> {
    const clock = fixedClock("2026-11-20T02:00:00Z");
    const t = await tempDemoDatabase(clock.now());
    remove = t.remove;
    const chat = createChatHost({ db: t.db, clock, translator: createTranslator("vi"), logger: createLogger("silent"), defaultLocale: "vi", sessionTtlMinutes: 720, calendar: calendarOfConfig({ HOLIDAYS: "", QUIET_HOURS: "21:00-07:00" }) });
    let n = 0;
    const say = async (accountId: string, userId: string, text: string) => {
      const inbound: Inbound = { channel: "zalo", accountId, chatId: userId, senderId: userId, text, updateRef: `zalo:${accountId}:${++n}` };
      return await chat.handle(inbound);
    };
    return { chat, say };
  }

  it("says when the conversation waits for a typed figure or note, and in which language it answered", async () => {
    const { say } = await start();
    expect(await say("acc-1", "u-1", "xin chào")).toMatchObject({ locale: "vi", expectsText: false });
    const linked = await say("acc-1", "u-1", "DM-TK");
    expect(linked.locale).toBe("en");
    expect(linked.replies[0]?.text).toContain("Hello Nguyễn Minh Anh");
    const chosen = await say("acc-1", "u-1", "report");
    expect(chosen.expectsText).toBe(false);
    const item = await say("acc-1", "u-1", "1");
    expect(item).toMatchObject({ locale: "en", expectsText: true });
    expect((await say("acc-1", "u-1", "cancel")).expectsText).toBe(false);
  });

  it("keeps the conversations of two Zalo accounts apart when their user ids happen to be equal", async () => {
    const { say } = await start();
    await say("acc-1", "u-7", "DM-KHCN");
    await say("acc-1", "u-7", "báo cáo");
    expect((await say("acc-1", "u-7", "1")).expectsText).toBe(true);
    // The same id on another account is another person, unlinked: no flow, no data.
    const other = await say("acc-2", "u-7", "72");
    expect(other.expectsText).toBe(false);
    expect(other.replies[0]?.text).toContain("chưa được liên kết");
    // The first account's report is still waiting for its figure.
    const back = await say("acc-1", "u-7", "72");
    expect(back.replies.map((r) => r.text).join("\n")).toContain("ghi chú");
  });
});
