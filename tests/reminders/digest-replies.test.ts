import { and, eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { loadConversation } from "../../db/repositories/chat-repository.ts";
import { chatAccounts, reports } from "../../db/schema.ts";
import type { Session } from "../../src/chat/session.ts";
import { reminderWorld, vn, type ReminderWorld } from "./reminder-world.ts";

const LONG = "Vũ Đức Long";
const MAI = "Đỗ Thị Mai";
const BAO = "Phạm Quốc Bảo";

/** Reminders are prompts people answer on the spot, from the same chat. */
describe("answering a reminder digest", () => {
  let w: ReminderWorld | undefined;
  afterEach(() => w?.remove());

  const sessionOf = async (world: ReminderWorld, name: string) => (await loadConversation(world.db, { channel: "telegram", accountId: "", chatId: world.chatOf(name) }, world.clock.now())) as Session;

  it("takes a bare figure as the value of the one item a digest names, and confirms before saving", async () => {
    w = await reminderWorld();
    // Vũ Đức Long has 9 indicators due 25/11; he reports 8 of them on 17/11.
    w.clock.set(vn("2026-11-17T10:00:00"));
    const items = await w.itemsOf(LONG);
    expect(items).toHaveLength(9);
    for (const item of items.slice(0, 8)) await w.report(LONG, item.ref, "2026-11", 50);
    const last = items[8]!;

    w.clock.set(vn("2026-11-18T08:00:00"));
    expect((await w.tick()).digests).toBe(5);
    const digest = (await w.messages()).find((m) => m.person === LONG)!;
    expect(digest.text.split("\n")).toEqual([
      "🔔 Nhắc báo cáo: anh/chị có 1 chỉ tiêu, nhiệm vụ cần báo cáo.",
      // The line carries the item's own number in his list (#9), as /chitieu shows it.
      expect.stringMatching(new RegExp(`^#9 \\[${last.code}\\] .+ — kỳ tháng 11/2026, hạn 16:00 25/11 — còn 7 ngày$`)),
      'Trả lời ngay bằng số liệu (ví dụ "72,5"), hoặc bấm nút để báo cáo.',
    ]);
    expect(digest.choices).toEqual([{ id: expect.stringMatching(/^c1\.[0-9a-z]+$/), label: expect.stringMatching(new RegExp(`^#9 ${last.code} `)) }]);
    expect((await sessionOf(w, LONG)).flow).toEqual({ flow: "digest", items: [{ item: last.ref, periodKey: "2026-11" }] });

    w.clock.set(vn("2026-11-18T08:20:00"));
    const answer = await w.send(w.chatOf(LONG), { text: "72,5" });
    const text = answer.replies.map((r) => r.text).join("\n");
    expect(text).toContain(`[${last.code}]`);
    expect(text).toContain("Số liệu: 72,5%");
    expect(text).toContain("Lưu báo cáo này?");
    expect((await sessionOf(w, LONG)).flow).toMatchObject({ flow: "report", step: "confirm", draft: { item: last.ref, periodKey: "2026-11", valueNumber: 72.5 } });
    const saved = () => w!.db.select().from(reports).where(and(eq(reports.subjectKey, `i:${last.ref.subjectId}`), eq(reports.unitId, last.ref.unitId))).get();
    expect(await saved()).toBeUndefined();

    // "Lưu": saved, and no more reminders for it.
    await w.send(w.chatOf(LONG), { text: "lưu" });
    expect((await saved())?.valueNumber).toBe(72.5);
    w.clock.set(vn("2026-11-23T08:00:00"));
    expect((await w.tick()).lines).toBeGreaterThan(0);
    expect((await w.messages()).filter((m) => m.person === LONG)).toHaveLength(1);
  });

  it("starts reporting item 1 when the person types \"1\" after a digest of several, and item 2 from its button", async () => {
    w = await reminderWorld();
    w.clock.set(vn("2026-11-18T08:00:00"));
    await w.tick();
    const digest = (await w.messages()).find((m) => m.person === MAI)!;
    expect(digest.choices.length).toBe(10);
    const first = digest.text.split("\n")[1]!;
    const code1 = /^#\d+ \[([^\]]+)\]/.exec(first)![1]!;
    const code2 = /^#\d+ \[([^\]]+)\]/.exec(digest.text.split("\n")[2]!)![1]!;

    const one = await w.send(w.chatOf(MAI), { text: "1" });
    expect(one.replies[0]!.text).toContain(`[${code1}]`);
    expect((await sessionOf(w, MAI)).flow).toMatchObject({ flow: "report" });

    // Cancel, then the next day's digest; its second button starts item 2.
    await w.send(w.chatOf(MAI), { text: "hủy" });
    w.clock.set(vn("2026-11-23T08:00:00"));
    await w.tick();
    const next = (await w.messages()).filter((m) => m.person === MAI).at(-1)!;
    expect(next.choices[1]!.id).toMatch(/^c2\.[0-9a-z]+$/);
    const two = await w.send(w.chatOf(MAI), { choice: next.choices[1]!.id });
    expect(two.replies[0]!.text).toContain(`[${code2}]`);
  });

  it("numbers each digest line with the item's own number in the person's list, and a typed number picks that item; one that is also another line's place is asked back", async () => {
    w = await reminderWorld();
    w.clock.set(vn("2026-11-18T08:00:00"));
    await w.tick();
    const listed = await w.itemsOf(BAO);
    const digest = (await w.messages()).find((m) => m.person === BAO)!;
    const lines = digest.text.split("\n").filter((l) => /^#\d+ \[/.test(l));
    expect(lines).toHaveLength(10);
    const shown = lines.map((l) => /^#(\d+) \[([^\]]+)\]/.exec(l)!).map(([, n, code]) => ({ n: Number(n), code: code! }));
    // The number is the one /chitieu shows: the item's place in his whole list.
    for (const { n, code } of shown) expect(listed[n - 1]!.code).toBe(code);
    for (const [i, c] of digest.choices.entries()) expect(c.label.startsWith(`#${shown[i]!.n} ${shown[i]!.code} `)).toBe(true);
    expect(shown.map((x) => x.n)).not.toEqual(shown.map((_, i) => i + 1));

    // A number past the digest's places: only an item's own number, which starts that item.
    const far = shown.find((x) => x.n > shown.length)!;
    const picked = await w.send(w.chatOf(BAO), { text: String(far.n) });
    expect(picked.replies[0]!.text).toContain(`[${far.code}]`);
    expect((await sessionOf(w, BAO)).flow).toMatchObject({ flow: "report" });
    await w.send(w.chatOf(BAO), { text: "hủy" });

    // The next day's digest: "n" that is one line's own number and another line's place is asked back.
    w.clock.set(vn("2026-11-23T08:00:00"));
    await w.tick();
    const next = (await w.messages()).filter((m) => m.person === BAO).at(-1)!;
    const nextShown = next.text.split("\n").filter((l) => /^#\d+ \[/.test(l)).map((l) => /^#(\d+) \[([^\]]+)\]/.exec(l)!).map(([, n, code]) => ({ n: Number(n), code: code! }));
    const clash = nextShown.findIndex((x, i) => x.n <= nextShown.length && nextShown[x.n - 1]!.n !== x.n && i !== x.n - 1);
    expect(clash).toBeGreaterThanOrEqual(0);
    const own = nextShown[clash]!;
    const atPlace = nextShown[own.n - 1]!;
    const asked = await w.send(w.chatOf(BAO), { text: String(own.n) });
    expect(asked.replies[0]!.text).toBe(`Số ${own.n} có thể là #${own.n} hoặc #${atPlace.n}. Anh/chị gõ kèm dấu #, ví dụ #${atPlace.n}, để chọn đúng chỉ tiêu.`);
    expect((await sessionOf(w, BAO)).flow).toMatchObject({ flow: "digest" });
    // With its "#" the number is the item's own: no doubt left.
    const sure = await w.send(w.chatOf(BAO), { text: `#${own.n}` });
    expect(sure.replies[0]!.text).toContain(`[${own.code}]`);
    expect((await sessionOf(w, BAO)).flow).toMatchObject({ flow: "report" });
  });

  it("after a long digest, 'nhắc lại sau' holds back every reminder (not only the numbered ones), 'tạm dừng 1 tuần' a week, and 'tiếp tục nhắc' resumes", async () => {
    w = await reminderWorld();
    w.clock.set(vn("2026-11-18T08:00:00"));
    await w.tick();
    const digest = (await w.messages()).find((m) => m.person === MAI)!;
    expect(digest.text).toMatch(/… và \d+ mục khác/);
    const snoozed = await w.send(w.chatOf(MAI), { text: "nhac lai sau" });
    expect(snoozed.replies[0]!.text).toContain("Đã tạm dừng mọi lời nhắc đến ngày 19/11");
    const pause = await w.send(w.chatOf(MAI), { text: "tạm dừng 1 tuần" });
    expect(pause.replies[0]!.text).toContain("đến ngày 25/11");
    // Without it, Monday 23/11 brings the 3-days-before reminder (Sunday's, moved to the working day).
    const before = (await w.messages()).filter((m) => m.person === MAI).length;
    for (const day of ["2026-11-19", "2026-11-20", "2026-11-23"]) {
      w.clock.set(vn(`${day}T08:00:00`));
      await w.tick();
    }
    expect((await w.messages()).filter((m) => m.person === MAI)).toHaveLength(before);
    w.clock.set(vn("2026-11-23T09:00:00"));
    expect((await w.send(w.chatOf(MAI), { text: "tiếp tục nhắc" })).replies[0]!.text).toContain("Đã bật lại lời nhắc");
    w.clock.set(vn("2026-11-25T08:00:00"));
    await w.tick();
    expect((await w.messages()).filter((m) => m.person === MAI).length).toBe(before + 1);
  });

  it("leaves a report in progress alone: the digest then has no buttons and says how to come back to it", async () => {
    w = await reminderWorld();
    w.clock.set(vn("2026-11-18T07:50:00"));
    await w.send(w.chatOf(BAO), { text: "báo cáo" });
    const before = (await sessionOf(w, BAO));
    expect(before.flow).toMatchObject({ flow: "report", step: "choose_item" });

    w.clock.set(vn("2026-11-18T08:00:00"));
    await w.tick();
    const digest = (await w.messages()).find((m) => m.person === BAO && m.at === "2026-11-18 08:00")!;
    expect(digest.choices).toEqual([]);
    expect(digest.text).toContain('hoàn tất hoặc gõ "hủy", rồi gõ "báo cáo"');
    expect((await sessionOf(w, BAO))).toEqual(before);
  });

  it("skips people without a linked, unblocked chat, and reaches them once they can be reached", async () => {
    w = await reminderWorld();
    await w.db.update(chatAccounts).set({ blockedAt: vn("2026-11-01T09:00:00") }).where(eq(chatAccounts.personId, w.person(MAI).id)).run();
    w.clock.set(vn("2026-11-18T08:00:00"));
    expect(await w.tick()).toMatchObject({ digests: 4, notLinked: 1 });
    expect((await w.messages()).filter((m) => m.person === MAI)).toEqual([]);

    // She writes to the bot again at 10:05 (which unblocks her); the next tick brings today's reminder.
    w.clock.set(vn("2026-11-18T10:05:00"));
    await w.send(w.chatOf(MAI), { text: "chào" });
    w.clock.set(vn("2026-11-18T10:10:00"));
    expect(await w.tick()).toMatchObject({ digests: 1, notLinked: 0 });
    expect((await w.messages()).filter((m) => m.person === MAI).map((m) => m.at)).toEqual(["2026-11-18 10:10"]);
  });
});
