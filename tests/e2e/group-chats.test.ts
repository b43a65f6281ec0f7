import { afterEach, describe, expect, it } from "vitest";
import { chatAccounts, conversationStates, reportRevisions } from "../../db/schema.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { reachableAccounts } from "../../db/repositories/reminders-repository.ts";
import { resolveAudience } from "../../src/services/broadcast-audience.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { linkTelegram, messagesTo, telegramPerson, type TelegramGroup } from "../support/telegram-person.ts";
import { zaloUser } from "../support/zalo-user.ts";

const group: TelegramGroup = { id: -1009876543210, title: "Nhóm Sở KH&CN" };

describe("group chats", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  it("off by default: a group hears once, politely, that the bot works in private chats, and nothing else happens", async () => {
    app = await startTestApp({ demo: true, telegram: true });
    const lan = telegramPerson(720_001, "Lan");
    const bao = telegramPerson(720_002, "Bảo");
    await linkTelegram(app.db, "0912000001", lan.userId);
    const accountsBefore = (await app.db.select().from(chatAccounts).all()).length;

    for (const update of [lan.text("/baocao", group), bao.text("DM-TC", group), lan.text("5G 72", group)]) expect((await app.postUpdate(update)).status).toBe(200);
    const answers = messagesTo(app.fake!, group.id);
    expect(answers.map((m) => m.text)).toEqual([expect.stringContaining("Em chỉ làm việc trong tin nhắn riêng")]);
    expect(await app.db.select().from(chatAccounts).all()).toHaveLength(accountsBefore);
    expect(await app.db.select().from(conversationStates).all()).toEqual([]);
    expect(await app.db.select().from(reportRevisions).all()).toEqual([]);
  });

  it("Telegram, groups on: a message in a group keeps reminders and broadcasts in the private chat; an old account pointing at a group is never written to", async () => {
    app = await startTestApp({ demo: true, telegram: true, env: { GROUPS_ENABLED: "true" } });
    const lan = telegramPerson(720_011, "Lan");
    await linkTelegram(app.db, "0912000001", lan.userId);
    await app.postUpdate(lan.text("/chitieu", group));
    const person = (await findPersonByPhone(app.db, "0912000001"))!;
    expect((await reachableAccounts(app.db)).get(person.id)?.chatId).toBe(String(lan.userId));
    expect((await resolveAudience(app.db, { type: "all" })).recipients.find((r) => r.personId === person.id)?.account?.chatId).toBe(String(lan.userId));

    // A row written before group conversations were keyed by sender (chat = the group).
    await app.db.update(chatAccounts).set({ chatId: String(group.id) }).run();
    expect((await reachableAccounts(app.db)).get(person.id)).toBeUndefined();
    expect((await resolveAudience(app.db, { type: "all" })).recipients.every((r) => r.account === null)).toBe(true);
  });

  it("Zalo, groups on: each member's conversation in a group is their own, and a colleague's 'có' saves nothing of Lan's", async () => {
    app = await startTestApp({ demo: true, zalo: true, env: { GROUPS_ENABLED: "true", ZALO_GROUPS: "true" } });
    const fake = app.zalo!.fake;
    const lanPrivate = zaloUser("zl-lan", "Lan");
    const baoPrivate = zaloUser("zl-bao", "Bảo");
    const lan = zaloUser("zl-lan", "Lan", "zg-1");
    const bao = zaloUser("zl-bao", "Bảo", "zg-1");
    const answerCount = () => fake.sentTexts("zg-1").length;
    await app.postZaloUpdate(lanPrivate.text("DM-KHCN"));
    await app.postZaloUpdate(baoPrivate.text("DM-TC"));

    await app.postZaloUpdate(lan.text("5G 72"));
    expect(fake.sentTexts("zg-1").join("\n")).toContain("Kiểm tra trước khi lưu");
    await app.postZaloUpdate(bao.text("có"));
    expect(await app.db.select().from(reportRevisions).all()).toEqual([]);

    const before = answerCount();
    await app.postZaloUpdate(lan.text("có"));
    const revisions = await app.db.select().from(reportRevisions).all();
    expect(revisions).toHaveLength(1);
    expect(revisions[0]!.personId).toBe((await findPersonByPhone(app.db, "0912000001"))!.id);
    expect(fake.sentTexts("zg-1").slice(before).join("\n")).toContain("Đã lưu báo cáo [3]");
    // Both still reached in private, never in the group.
    const chats = [...(await reachableAccounts(app.db)).values()].map((a) => a.chatId);
    expect(chats).toEqual(expect.arrayContaining(["zl-lan", "zl-bao"]));
    expect(chats).not.toContain("zg-1");
  });
});
