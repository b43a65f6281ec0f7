import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatContext } from "../../src/chat/context.ts";
import { runTurn } from "../../src/chat/engine.ts";
import type { TurnResult } from "../../src/chat/out.ts";
import { emptySession, type Session } from "../../src/chat/session.ts";
import type { Message } from "../../src/chat/types.ts";
import { findPerson } from "../../src/services/assignments.ts";
import { createChatLookups } from "../../src/services/chat-lookups.ts";
import { personView } from "../../src/services/person-view.ts";
import { EVAL_NOW } from "../reader/evaluate-messages.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";

/** The core's answers to one-line reports and at item pickers, for the demo focal point of Sở KH&CN (97 items). */
describe("one-line reports and pickers: one numbering, no traps", () => {
  let ctx: ChatContext;
  let remove: () => void;

  beforeAll(async () => {
    const t = await tempDemoDatabase(EVAL_NOW);
    remove = t.remove;
    const person = (await personView(t.db, (await findPerson(t.db, "0912000001")).id, "vi"))!;
    ctx = { now: EVAL_NOW, channel: { buttons: true }, person, defaultLocale: "vi", lookups: createChatLookups(t.db, EVAL_NOW) };
  });
  afterAll(() => remove());

  const send = async (session: Session, text: string): Promise<TurnResult> => await runTurn(session, { channel: "devchat", accountId: "", chatId: "c", senderId: "s", text }, ctx);
  const keys = (r: TurnResult) => r.out.flatMap((o) => o.lines.map((l) => l.key));
  const line = (r: TurnResult, key: string) => r.out.flatMap((o) => o.lines).find((l) => l.key === key);

  it("confirms a polite message with a period in it, naming the item's number, code and plan; saves nothing yet", async () => {
    const r = await send(emptySession(), "Dạ em báo cáo tỷ lệ phủ sóng 5G tháng 11 đạt 72% ạ");
    expect(r.effects).toEqual([]);
    expect(line(r, "confirm.item_numbered")?.params).toMatchObject({ n: 74, code: "3", plan: "KH triển khai QĐ 11/QĐ-BCĐCP" });
    expect((r.session.flow as { draft?: { valueNumber: number; periodKey: string } }).draft).toMatchObject({ valueNumber: 72, periodKey: "2026-11" });
  });

  it("reads voice typing, a date, telex in a unit word and a plan hint glued to its number", async () => {
    const draft = (r: TurnResult) => (r.session.flow as { draft?: { valueNumber: number; periodKey: string } }).draft;
    expect(draft(await send(emptySession(), "tỷ lệ phủ sóng 5G là 72 phẩy 5 phần trăm"))).toMatchObject({ valueNumber: 72.5 });
    expect(draft(await send(emptySession(), "đến ngày 20/11 phủ sóng 5G đạt 73%"))).toMatchObject({ valueNumber: 73, periodKey: "2026-11" });
    expect(draft(await send(emptySession(), "doanh thu từ chuyển giao công nghệ 1,4 tyr"))).toMatchObject({ valueNumber: 1400 });
    expect(line(await send(emptySession(), "chỉ tiêu 10 KH30 là 86%"), "confirm.item_numbered")?.params).toMatchObject({ code: "10", plan: "30/KH-SKHCN" });
  });

  it("asks rather than falls back on a weaker item when the words name one the unit does not fit", async () => {
    const r = await send(emptySession(), "số cán bộ nghiên cứu KH-CN toàn tỉnh đạt 100% kế hoạch");
    expect(r.session.flow === null || !(r.session.flow as { draft?: unknown }).draft).toBe(true);
    expect(keys(r)).not.toContain("confirm.item_numbered");
  });

  it("asks which level when a message names a parent row and not which of its sub-rows", async () => {
    const r = await send(emptySession(), "văn bản xử lý toàn trình trên môi trường điện tử 80%");
    expect(keys(r)).not.toContain("confirm.item_numbered");
  });

  it("says so when a code is not the person's, and never takes a position instead", async () => {
    const r = await send(emptySession(), "Chỉ tiêu 1: 100%");
    expect(keys(r)).toEqual(["report.unknown_code", "report.example_line"]);
    expect(r.session.flow).toBeNull();
    expect((line(r, "report.example_line")?.params as { example: string }).example).toMatch(/^#\d+ /);
  });

  it("asks which plan when a code is in two of them, and offers both with their numbers", async () => {
    const r = await send(emptySession(), "I.2 80%");
    const labels = r.out.at(-1)!.choices.map((c) => (c.label as Message).params);
    expect(labels.slice(0, 2)).toMatchObject([{ n: 1, code: "I.2" }, { n: 22, code: "I.2" }]);
    // Typing the number shown next to an item picks that item, with the figure kept; 80% does not fit the count #22.
    const picked = await send(r.session, "1");
    expect(line(picked, "confirm.item_numbered")?.params).toMatchObject({ n: 1, code: "I.2", plan: "52/KH-UBND" });
    const count = await send(r.session, "22");
    expect(keys(count)).toEqual(["report.reading_item", "value.error.percent_for_count", "value.hint.count"]);
  });

  it("asks back when a typed number is one item's number and another item's place in the list shown", async () => {
    const picker = await send(emptySession(), "báo cáo");
    const more = picker.session.offered.find((c) => c.action.type === "more")!;
    const page2 = await runTurn(picker.session, { channel: "devchat", accountId: "", chatId: "c", senderId: "s", choice: more.id }, ctx);
    const first = page2.out.at(-1)!.choices[0]!.label as Message;
    expect(first.params).toMatchObject({ n: 9 });
    // "1" is item #1 (on the first page) and the first line of this page (#9): neither is guessed.
    const r = await send(page2.session, "1");
    expect(line(r, "report.number_ambiguous")?.params).toMatchObject({ n: 1, a: 1, b: 9 });
    expect(r.effects).toEqual([]);
    expect(r.session.flow).toMatchObject({ step: "choose_item" });
    // With its #, the number is the item's own.
    expect(keys(await send(page2.session, "#9"))).not.toContain("report.number_ambiguous");
  });

  it("explains an estimate and waits for the figure of that item", async () => {
    const r = await send(emptySession(), "5G khoảng 70");
    expect(keys(r)).toContain("value.error.approximate");
    expect(r.session.flow).toMatchObject({ step: "enter_value" });
    expect(r.effects).toEqual([]);
  });

  it("asks for one figure per message rather than saving one of two", async () => {
    const r = await send(emptySession(), "5G 72, chữ ký số 85");
    expect(keys(r)[0]).toBe("report.several_figures");
    expect(r.session.flow).toBeNull();
  });

  it("reads a one-line report typed at a picker instead of printing the list again", async () => {
    const picker = await send(emptySession(), "báo cáo");
    expect(picker.session.flow).toMatchObject({ step: "choose_item" });
    const r = await send(picker.session, "phủ sóng 5G 72%");
    expect(line(r, "confirm.item_numbered")?.params).toMatchObject({ n: 74 });
  });

  it("keeps a bare figure typed at a picker and asks which item it is for", async () => {
    const picker = await send(emptySession(), "báo cáo");
    const r = await send(picker.session, "72%");
    expect(r.session.flow).toMatchObject({ step: "choose_item", pendingValue: "72%" });
  });

  it("shows a focal point their own overdue items when they ask what is overdue", async () => {
    const r = await send(emptySession(), "cái gì quá hạn?");
    expect(keys(r)[0]).toMatch(/^list\.(group\.overdue|no_overdue)$/);
  });
});
