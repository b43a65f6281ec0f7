import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";
import { afterEach, describe, expect, it } from "vitest";
import { findChatAccount } from "../../db/repositories/chat-repository.ts";
import { findInviteCode, findPersonByPhone, insertPerson, listPeople } from "../../db/repositories/people-repository.ts";
import { findUnitByKey } from "../../db/repositories/units-repository.ts";
import { demoPeople } from "../../db/seed/demo-organisation.ts";
import { findDemoPeople } from "../../db/seed/find-demo-people.ts";
import { removeDemoPeople } from "../../db/seed/remove-demo-people.ts";
import type { Inbound } from "../../src/chat/types.ts";
import { fixedClock } from "../../src/clock.ts";
import { unitKey } from "../../src/domain/unit-name.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";

describe("removing the demo people", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it("removes them with their invite codes, unlinks their chats, keeps real people, and the codes then link nobody", async () => {
    const clock = fixedClock("2026-11-20T02:00:00Z");
    const t = await tempDemoDatabase(clock.now());
    remove = t.remove;
    const unit = (await findUnitByKey(t.db, unitKey("Sở Tài chính")))!;
    const real = await insertPerson(t.db, { name: "Người Thật", phone: "0987654321", unitId: unit.id, locale: "vi" });
    const translator = createTranslator("vi");
    const chat = createChatHost({ db: t.db, clock, translator, logger: createLogger("silent"), defaultLocale: "vi", sessionTtlMinutes: 720, calendar: calendarOfConfig({ HOLIDAYS: "", QUIET_HOURS: "21:00-07:00" }) });
    let n = 0;
    const say = (userId: string, text: string) => chat.handle({ channel: "zalo", accountId: "acc", chatId: userId, senderId: userId, text, updateRef: `zalo:acc:${++n}` } satisfies Inbound);

    await say("u1", "DP-KHCN");
    expect((await findChatAccount(t.db, "zalo", "acc", "u1"))?.personId).toBe((await findPersonByPhone(t.db, "0912000003"))!.id);
    expect(await findDemoPeople(t.db)).toHaveLength(demoPeople.length);

    const removed = await removeDemoPeople(t.db);
    expect(removed.map((p) => p.name).sort()).toEqual(demoPeople.map((p) => p.name).sort());
    expect((await listPeople(t.db)).map((p) => p.id)).toEqual([real.id]);
    for (const p of demoPeople) expect(await findInviteCode(t.db, p.inviteCode)).toBeUndefined();
    expect((await findChatAccount(t.db, "zalo", "acc", "u1"))?.personId).toBeNull();
    expect(await findDemoPeople(t.db)).toEqual([]);

    const reply = await say("u2", "DM-KHCN");
    expect(reply.replies.map((r) => r.text).join("\n")).toContain(translator.t("vi", { key: "link.code_unknown", params: { code: "DM-KHCN" } }));
    expect((await findChatAccount(t.db, "zalo", "acc", "u2"))?.personId ?? null).toBeNull();
  });
});
