import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { reachableAccounts } from "../../db/repositories/reminders-repository.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { setPlanApproval } from "../../src/services/approvals.ts";
import { assignments, indicators, people, reportRevisions, tasks, units } from "../../db/schema.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { linkTelegram, messagesTo, telegramPerson, type TelegramGroup, type TelegramPerson } from "../support/telegram-person.ts";

/**
 * Every role × every command (approval's /duyet, /khoaso and /mokhoa among them, with approval on), over Telegram, in private chats and in one group where all of them
 * (two focal points of different units among them) write. After each answer: nobody sees an item
 * of a unit outside theirs, a person of another unit, or a role's data they lack; and every saved
 * figure is under the name of the person who pressed "Lưu".
 */
type Role = "unlinked" | "focal" | "head" | "coordinator";
interface Member {
  label: string;
  role: Role;
  phone: string | null;
  person: TelegramPerson;
}

const members: Member[] = [
  { label: "unlinked", role: "unlinked", phone: null, person: telegramPerson(710_001, "Khách") },
  { label: "focal point of unit A (Sở KH&CN)", role: "focal", phone: "0912000001", person: telegramPerson(710_002, "Lan") },
  { label: "focal point of unit B (Sở Tài chính)", role: "focal", phone: "0912000004", person: telegramPerson(710_003, "Bảo") },
  { label: "unit head (Sở KH&CN)", role: "head", phone: "0912000002", person: telegramPerson(710_004, "Minh") },
  { label: "coordinator", role: "coordinator", phone: "0912000003", person: telegramPerson(710_005, "Hà") },
];
const commands = ["/start", "/baocao", "/chitieu", "/sua", "/quahan", "/tiendo", "/tonghop", "/nhac", "/ngonngu", "5G 72", "I.2 50", "chỉ tiêu của tôi", "quá hạn", "/duyet", "duyệt", "/khoaso", "/mokhoa"];
/** What each role may not do; the answer must be the refusal. */
const refused: Record<Exclude<Role, "unlinked">, string[]> = {
  // A focal point's "/quahan" lists their own overdue items (the leak checks keep them to their unit's codes).
  focal: ["/tiendo", "/tonghop", "/nhac", "/duyet", "duyệt", "/khoaso", "/mokhoa"],
  head: ["/baocao", "/chitieu", "/sua", "/tonghop", "/nhac", "chỉ tiêu của tôi", "/khoaso", "/mokhoa"],
  coordinator: ["/baocao", "/chitieu", "/sua", "chỉ tiêu của tôi", "/duyet", "duyệt"],
};
const REFUSAL = "chưa được phân quyền";
const group: TelegramGroup = { id: -1001234567890, title: "Tổ báo cáo chỉ tiêu" };

interface Visibility {
  /** Item codes of the units the person answers for (null: every code). */
  codes: Set<string> | null;
  /** Names that must never appear in their answers: people and units outside their reach. */
  forbidden: string[];
}

describe("the role × command matrix over Telegram", () => {
  let app: TestApp;
  const visibility = new Map<Member, Visibility>();
  /** update id → the person (id) who sent it, to check whose name a revision carries. */
  const senderOf = new Map<string, number | null>();
  const personIdOf = new Map<number, number>();
  const leaks: string[] = [];
  let answers = 0;

  beforeAll(async () => {
    app = await startTestApp({ demo: true, telegram: true, env: { GROUPS_ENABLED: "true" } });
    // Approval on: the focal points' figures wait for their head, so /duyet has something to show (and to leak).
    for (const plan of await listPlans(app.db)) await setPlanApproval(app.db, plan.key, true, { personId: null, name: "cli" }, app.clock.now());
    for (const m of members) if (m.phone) await linkTelegram(app.db, m.phone, m.person.userId);
    const allUnits = await app.db.select().from(units).all();
    const allPeople = await app.db.select().from(people).all();
    const codeOf = new Map<string, string>([
      ...(await app.db.select({ id: indicators.id, code: indicators.code }).from(indicators).all()).map((r) => [`i:${r.id}`, r.code] as const),
      ...(await app.db.select({ id: tasks.id, code: tasks.code }).from(tasks).all()).map((r) => [`t:${r.id}`, r.code] as const),
    ]);
    const allAssignments = await app.db.select().from(assignments).all();
    for (const m of members) {
      const row = m.phone ? allPeople.find((p) => p.phone === m.phone)! : undefined;
      if (row) personIdOf.set(m.person.userId, row.id);
      if (m.role === "coordinator") {
        visibility.set(m, { codes: null, forbidden: [] });
        continue;
      }
      const reach = new Set<number>();
      if (row?.unitId) {
        reach.add(row.unitId);
        // A head sees the offices under the unit too.
        for (let grew = m.role === "head"; grew; ) {
          grew = false;
          for (const u of allUnits) if (u.parentId !== null && reach.has(u.parentId) && !reach.has(u.id)) grew = reach.add(u.id) !== undefined;
        }
      }
      const reachNames = allUnits.filter((u) => reach.has(u.id)).map((u) => u.name);
      const codes = new Set(allAssignments.filter((a) => reach.has(a.unitId)).map((a) => codeOf.get(a.subjectKey)!));
      const forbidden = [
        ...allPeople.filter((p) => p.unitId === null || !reach.has(p.unitId)).map((p) => p.name),
        ...allUnits.filter((u) => !reach.has(u.id) && u.name.length >= 12 && !reachNames.some((n) => n.includes(u.name))).map((u) => u.name),
        // The coordinating department is named in fixed texts to everyone (who gives invite codes, who compiles).
      ].filter((name) => name !== "Sở Khoa học và Công nghệ");
      visibility.set(m, { codes, forbidden });
    }
  });
  afterAll(async () => {
    console.info(`role × command matrix: ${answers} answers checked, ${leaks.length} leaks`);
    await app?.close();
  });

  /** Sends one update as `m` (in the group or privately), checks its answers, returns them. */
  async function send(m: Member, update: ReturnType<TelegramPerson["text"]>, where: TelegramGroup | undefined, step: string) {
    const chatId = where ? where.id : m.person.userId;
    senderOf.set(`telegram:${update.update_id}`, m.person.userId);
    const before = messagesTo(app.fake!, chatId).length;
    expect((await app.postUpdate(update)).status).toBe(200);
    const replies = messagesTo(app.fake!, chatId, before);
    answers += replies.length;
    const v = visibility.get(m)!;
    for (const reply of replies) {
      const text = [reply.text, ...reply.buttons.map((b) => b.text)].join("\n");
      for (const name of v.forbidden) if (text.includes(name)) leaks.push(`${m.label}, ${step}: sees "${name}"`);
      for (const [, code] of text.matchAll(/\[([^\]\s]{1,20})\]/g)) {
        if (m.role === "unlinked" || (v.codes && !v.codes.has(code!))) leaks.push(`${m.label}, ${step}: sees item [${code}]`);
      }
      if (where) {
        for (const b of reply.buttons) expect(b.data.endsWith(`~${m.person.userId}`), `${m.label}, ${step}: a group button names its owner`).toBe(true);
        // The answer replies to the message (or the keyboard) it answers: the group sees whose answer it is.
        const answered = update.message?.message_id ?? update.callback_query?.message?.message_id;
        expect(reply.call.payload.reply_parameters, `${m.label}, ${step}: replies to what it answers`).toMatchObject({ message_id: answered });
      }
    }
    return replies;
  }

  async function checkRevisionsBelongToTheirSenders(): Promise<void> {
    for (const r of await app.db.select().from(reportRevisions).all()) {
      const sender = senderOf.get(r.sourceRef ?? "");
      expect(r.personId, `revision from ${r.sourceRef}`).toBe(sender === undefined || sender === null ? undefined : personIdOf.get(sender));
    }
  }

  for (const where of ["private chats", "a group with every role in it"] as const) {
    describe(where, () => {
      const chat = where === "private chats" ? undefined : group;
      for (const m of members) {
        it(`${m.label}: every command answers with only what the role may see`, async () => {
          for (const command of commands) {
            const replies = await send(m, m.person.text(command, chat), chat, command);
            expect(replies.length, `${m.label}, ${command}: an answer`).toBeGreaterThan(0);
            const all = replies.map((r) => r.text).join("\n");
            if (m.role === "unlinked") expect(all, `${m.label}, ${command}`).toMatch(chat ? /nhắn riêng cho em để liên kết/ : /chưa được liên kết/);
            else if (refused[m.role].includes(command)) expect(all, `${m.label}, ${command}`).toContain(REFUSAL);
            else expect(all, `${m.label}, ${command}`).not.toContain(REFUSAL);
            // One step deeper: the first button offered (not "Hủy"), then back out.
            const first = replies.at(-1)?.buttons.find((b) => !/^Hủy|^Cancel/.test(b.text));
            if (first && m.role !== "unlinked") await send(m, m.person.press(first, chat), chat, `${command} → ${first.text}`);
            await send(m, m.person.text("/huy", chat), chat, `${command} → /huy`);
          }
          // Language back to Vietnamese whatever /ngonngu's first button chose.
          await send(m, m.person.text("tiếng việt", chat), chat, "tiếng việt");
          await checkRevisionsBelongToTheirSenders();
          expect(leaks).toEqual([]);
        });
      }
    });
  }

  describe("two focal points of different units in one group", () => {
    const lan = members[1]!;
    const bao = members[2]!;

    it("a colleague's press on Lan's 'Lưu' saves nothing and says so; her report is still there to save", async () => {
      const confirm = await send(lan, lan.person.text("5G 72", group), group, "5G 72");
      const save = confirm.at(-1)!.buttons.find((b) => b.text === "Lưu")!;
      const before = (await app.db.select().from(reportRevisions).all()).length;
      const foreign = await send(bao, bao.person.press(save, group), group, "press on Lan's Lưu");
      expect(foreign.map((r) => r.text).join("\n")).toContain("của người khác trong nhóm");
      expect(await app.db.select().from(reportRevisions).all()).toHaveLength(before);

      const saved = await send(lan, lan.person.press(save, group), group, "Lan presses her Lưu");
      // A first save or a correction of the one the matrix made: either way Lan's.
      expect(saved.map((r) => r.text).join("\n")).toMatch(/Đã lưu (báo cáo|số liệu sửa) \[3\]/);
      const revisions = await app.db.select().from(reportRevisions).all();
      expect(revisions).toHaveLength(before + 1);
      expect(revisions.at(-1)!.personId).toBe(personIdOf.get(lan.person.userId));
      await checkRevisionsBelongToTheirSenders();
    });

    it("another member typing in the group does not wipe Lan's half-typed report", async () => {
      await send(lan, lan.person.text("/baocao", group), group, "/baocao");
      await send(lan, lan.person.text("phu song 5g", group), group, "phu song 5g");
      await send(bao, bao.person.text("/huy", group), group, "Bảo: /huy");
      await send(bao, bao.person.text("/chitieu", group), group, "Bảo: /chitieu");
      const asked = await send(lan, lan.person.text("80", group), group, "80");
      expect(asked.map((r) => r.text).join("\n")).toContain("ghi chú");
      await send(lan, lan.person.text("/huy", group), group, "/huy");
      expect(leaks).toEqual([]);
    });

    it("a message in the group leaves each person's private chat as the one their reminders and broadcasts reach", async () => {
      const reach = await reachableAccounts(app.db);
      for (const m of [lan, bao]) expect(reach.get(personIdOf.get(m.person.userId)!)?.chatId).toBe(String(m.person.userId));
    });
  });
});
