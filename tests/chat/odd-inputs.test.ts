import { readFileSync } from "node:fs";
import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { resolveDevUser } from "../../bots/devchat/resolve-dev-user.ts";
import type { Reply } from "../../src/chat/types.ts";
import { peek, peekAll } from "../support/peek.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { oddInputs, sessionShape, type OddInput, type Situation, type ValueError } from "./odd-inputs.ts";

/**
 * Every input of the odd-or-hostile corpus (tests/chat/odd-inputs.ts), over real HTTP, in each
 * situation its category names: each gets a localized reply, nothing crashes, an unlinked account
 * sees no data, and nothing is stored that nobody confirmed. Two more blocks check that a focal
 * point of Sở Tài chính cannot reach Sở Khoa học và Công nghệ's items, and the invite-code rate limit.
 */

type Locale = "vi" | "en";
interface ChatResponse {
  replies: Reply[];
  errorRef?: string;
}
interface Sent {
  text?: string;
  attachment?: OddInput["attachment"];
  choice?: string;
}

const FOCAL_VI = "0912000001";
const FOCAL_EN = "0912000007";
const FOCAL_TC = "0912000004";

describe("odd or hostile inputs over POST /dev/chat: a localized reply, no crash, no data before linking, nothing stored", () => {
  let app: TestApp;
  let chat: OddChat;
  let catalogueNames: string[];
  let strangers = 0;
  /** The session each situation starts from, taken once after getting there by ordinary messages. */
  const start = new Map<Situation, unknown>();

  const setups: Record<Situation, { user: () => string; locale: Locale; cancel: string; enter: string[]; shows?: string }> = {
    unlinked: { user: () => `odd stranger ${++strangers}`, locale: "vi", cancel: "hủy", enter: [] },
    idle: { user: () => FOCAL_VI, locale: "vi", cancel: "hủy", enter: [] },
    entering_percent: { user: () => FOCAL_VI, locale: "vi", cancel: "hủy", enter: ["báo cáo", "5G"], shows: "[3] Mở rộng phủ sóng 5G" },
    entering_count: { user: () => FOCAL_VI, locale: "vi", cancel: "hủy", enter: ["báo cáo", "#11"], shows: "[II.5] Số cán bộ nghiên cứu KH-CN toàn tỉnh" },
    english_idle: { user: () => FOCAL_EN, locale: "en", cancel: "cancel", enter: [] },
    english_entering: { user: () => FOCAL_EN, locale: "en", cancel: "cancel", enter: ["report", "1"], shows: "[II.1] Tổng chi ngân sách" },
  };

  beforeAll(async () => {
    app = await startTestApp({ demo: true });
    chat = new OddChat(app);
    await chat.expectReply(FOCAL_VI, { text: "DM-KHCN" }, "Chào Nguyễn Thị Lan");
    await chat.expectReply(FOCAL_EN, { text: "DM-TK" }, "Hello Nguyễn Minh Anh", "en");
    catalogueNames = await dataNames(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  /**
   * Brings the chat to the situation's starting session. An input that left the session exactly as
   * it found it (a refused figure re-asks the same question) needs nothing; any other gets "hủy"
   * (cancel) and the situation's steps again, and the session must then equal the first arrival's.
   */
  async function arrive(situation: Situation): Promise<void> {
    if (situation === "unlinked") return;
    const { user, cancel, enter, shows } = setups[situation];
    const who = user();
    const expected = start.get(situation);
    if (expected !== undefined && isDeepStrictEqual(await chat.session(who), expected)) return;
    await chat.send(who, { text: cancel });
    // Cancelling a flow clears the choices; at rest a second cancel brings the menu back.
    if (enter.length === 0 && !isDeepStrictEqual(await chat.session(who), expected)) await chat.send(who, { text: cancel });
    let last: ChatResponse | undefined;
    for (const text of enter) last = await chat.send(who, { text });
    if (shows) expect(joined(last!), `${situation}: the value step`).toContain(shows);
    if (expected === undefined) start.set(situation, await chat.session(who));
    else expect(await chat.session(who), `${situation}: back at the starting point`).toEqual(expected);
  }

  for (const category of oddInputs) {
    describe(category.category, () => {
      for (const situation of category.situations) {
        it(`${situationTitles[situation]} (${category.inputs.length} inputs)`, async () => {
          const setup = setups[situation];
          for (const input of category.inputs) {
            await arrive(situation);
            const user = setup.user();
            const label = `${category.category} / ${situation} / ${nameOf(input)}`;
            const res = await chat.send(user, input);
            checkReplies(res, input, setup.locale, label);
            for (const e of input.expect?.[situation] ?? []) expect(joined(res), `${label}: expected in the reply`).toContain(e);
            if (situation === "unlinked") {
              checkNoData(res, catalogueNames, label);
              expect(await chat.linkedPerson(user), `${label}: the account stays unlinked`).toBeNull();
            }
            const value = situation === "entering_count" ? input.count : situation === "entering_percent" || situation === "english_entering" ? input.percent : undefined;
            if (value !== undefined) await checkValue(chat, user, res, value, setup.locale, label);
          }
        });
      }
    });
  }

  it("finds an item by a code with roman numerals and by its number in the person's list, tasks counted", async () => {
    await arrive("idle");
    await chat.expectReply(FOCAL_VI, { text: "báo cáo" }, "Chọn chỉ tiêu/nhiệm vụ cần báo cáo");
    const both = await chat.expectReply(FOCAL_VI, { text: "II.5" }, "Chọn chỉ tiêu/nhiệm vụ cần báo cáo");
    expect(both.replies.at(-1)?.choices.filter((c) => c.label.includes("[II.5] ")).map((c) => c.label)).toEqual([
      "#11 [II.5] Số cán bộ nghiên cứu KH-CN toàn tỉnh",
      "#32 [II.5] Số lượng ấn phẩm sách, giáo trình, tài…",
    ]);
    await chat.send(FOCAL_VI, { text: "hủy" });
    // #74 in /chitieu, after tasks PL2.1…PL2.4 that sit between the plan's indicators.
    await chat.expectReply(FOCAL_VI, { text: "#74 72" }, "• #74 [3] Mở rộng phủ sóng 5G");
    await chat.send(FOCAL_VI, { text: "hủy" });
    await chat.expectReply(FOCAL_VI, { text: "III.15: 50" }, "• #51 [III.15] Tỷ lệ công nghệ đạt trình độ tiên tiến");
    await chat.send(FOCAL_VI, { text: "hủy" });
  });

  it("stored nothing for any of them: no report, revision or evidence, and only the two links made on purpose", async () => {
    const count = async (sql: string) => (await peek<{ n: number }>(app.db, sql))!.n;
    expect(await count("select count(*) as n from reports")).toBe(0);
    expect(await count("select count(*) as n from report_revisions")).toBe(0);
    expect(await count("select count(*) as n from evidence")).toBe(0);
    expect(await count("select count(*) as n from chat_accounts where person_id is not null")).toBe(2);
    expect(await count("select count(*) as n from invite_codes where used_at is not null")).toBe(2);
    expect(oddInputs.reduce((n, c) => n + c.inputs.length, 0)).toBeGreaterThanOrEqual(150);
  });
});

describe("a focal point of Sở Tài chính asking for Sở Khoa học và Công nghệ's items", () => {
  let app: TestApp;
  let chat: OddChat;
  let tcUnitId: number;
  let khcnOnlyNames: string[];

  beforeAll(async () => {
    app = await startTestApp({ demo: true });
    chat = new OddChat(app);
    await chat.expectReply(FOCAL_TC, { text: "DM-TC" }, "Chào Phạm Quốc Bảo");
    const unitId = async (name: string) => (await peek<{ id: number }>(app.db, "select id from units where name = ?", name))!.id;
    tcUnitId = await unitId("Sở Tài chính");
    const khcnUnitId = await unitId("Sở Khoa học và Công nghệ");
    const assigned = async (unit: number) =>
      new Set((await peekAll<{ k: string }>(app.db, "select subject_key as k from assignments where unit_id = ? and removed_at is null", unit)).map((r) => r.k));
    const tc = await assigned(tcUnitId);
    const khcnOnly = [...(await assigned(khcnUnitId))].filter((k) => !tc.has(k));
    khcnOnlyNames = [];
    for (const k of khcnOnly) khcnOnlyNames.push(await subjectName(app, k));
    khcnOnlyNames = khcnOnlyNames.filter((n) => n.length >= 12);
    expect(khcnOnly.length).toBeGreaterThan(10);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("tries only what is Sở KH&CN's and not Sở Tài chính's, except PL2.4, which both have (checked in the database)", async () => {
    const unitsOf = async (where: string, value: string) =>
      (
        await peekAll<{ name: string }>(
          app.db,
          `select distinct u.name from assignments a join units u on u.id = a.unit_id
           left join indicators i on i.id = a.indicator_id left join tasks t on t.id = a.task_id
           where ${where} and a.removed_at is null`,
          value,
        )
      ).map((u) => u.name);
    for (const [where, value] of [["i.name like ?", "%phủ sóng 5G%"], ...["II.8", "V.1", "IV.1", "PL2.5"].map((code) => ["coalesce(i.code, t.code) = ?", code])] as const) {
      expect(await unitsOf(where, value), value).not.toContain("Sở Tài chính");
    }
    expect(await unitsOf("i.name = ?", "Mở rộng phủ sóng 5G")).toEqual(["Sở Khoa học và Công nghệ"]);
    expect(await unitsOf("t.code = ?", "PL2.4")).toEqual(expect.arrayContaining(["Sở Khoa học và Công nghệ", "Sở Tài chính"]));
    expect(khcnOnlyNames).toContain("Mở rộng phủ sóng 5G");
  });

  const attempts: { name: string; turns: string[] }[] = [
    { name: "a one-line 5G report", turns: ["5G 72"] },
    { name: "5G by more words of its name", turns: ["phủ sóng 5G 72"] },
    { name: "5G by its full name and a colon", turns: ["Mở rộng phủ sóng 5G: 72"] },
    { name: "the other 5G indicator by name", turns: ["Tỷ lệ phủ sóng 5G trên địa bàn = 72"] },
    { name: "a KH&CN task marked done in one line", turns: ["PL2.5 hoàn thành"] },
    { name: "a shared task marked done in one line", turns: ["PL2.4 hoàn thành"] },
    { name: "5G picked at the report's item step", turns: ["báo cáo", "5G", "72"] },
    { name: "5G picked by words at the item step", turns: ["báo cáo", "phủ sóng 5G", "72"] },
    { name: "a KH&CN task picked at the item step", turns: ["báo cáo", "PL2.5", "hoàn thành"] },
    { name: "a list number only KH&CN's list reaches (#97)", turns: ["chỉ tiêu", "#97 50"] },
    { name: "codes only KH&CN has (II.8, V.1)", turns: ["II.8 50", "V.1: 50"] },
    { name: "a code only KH&CN has, at the item step", turns: ["báo cáo", "IV.1", "50"] },
  ];

  for (const attempt of attempts) {
    it(`never confirms or saves another unit's item: ${attempt.name}`, async () => {
      for (const text of [...attempt.turns, "có", "có", "có"]) {
        const res = await chat.send(FOCAL_TC, { text });
        checkReplies(res, { text }, "vi", `${attempt.name} / ${text}`);
        await checkNotOtherUnit(chat, res, tcUnitId, khcnOnlyNames, `${attempt.name} / ${text}`);
      }
      await chat.send(FOCAL_TC, { text: "hủy" });
      expect(await peek(app.db, "select count(*) as n from reports")).toEqual({ n: 0 });
    });
  }

  it("saves only its own item #1 when it confirms it on purpose, and nothing else was stored", async () => {
    await chat.expectReply(FOCAL_TC, { text: "chỉ tiêu" }, "#1 [II.1]");
    const res = await chat.expectReply(FOCAL_TC, { text: "#1 50" }, "Đơn vị: Sở Tài chính");
    await checkNotOtherUnit(chat, res, tcUnitId, khcnOnlyNames, "#1 50");
    await chat.expectReply(FOCAL_TC, { text: "có" }, "Đã lưu báo cáo [II.1]");
    const rows = await peekAll(app.db, "select unit_id as unitId, value_number as value, reporter_person_id as reporter from reports");
    expect(rows).toEqual([{ unitId: tcUnitId, value: 50, reporter: await personId(app, FOCAL_TC) }]);
  });
});

describe("invite codes typed into an unlinked chat", () => {
  let app: TestApp;
  let chat: OddChat;
  beforeAll(async () => {
    app = await startTestApp({ demo: true });
    chat = new OddChat(app);
  });
  afterAll(async () => {
    await app?.close();
  });

  it("refuses a sixth wrong code within 15 minutes, even a right one, and lifts the limit when the clock moves on", async () => {
    const guest = "odd stranger rate";
    for (let i = 1; i <= 5; i++) await chat.expectReply(guest, { text: `AB-000${i}` }, `Mã "AB-000${i}" không đúng`);
    await chat.expectReply(guest, { text: "AB-0006" }, "nhập sai mã nhiều lần");
    await chat.expectReply(guest, { text: "DM-PDP" }, "nhập sai mã nhiều lần");
    expect(await peek(app.db, "select used_at as usedAt from invite_codes where code = 'DM-PDP'")).toEqual({ usedAt: null });
    await chat.expectReply("odd stranger elsewhere", { text: "AB-0007" }, 'Mã "AB-0007" không đúng');
    app.clock.advance(14 * 60_000);
    await chat.expectReply(guest, { text: "AB-0008" }, "nhập sai mã nhiều lần");
    app.clock.advance(2 * 60_000);
    await chat.expectReply(guest, { text: "AB-0009" }, 'Mã "AB-0009" không đúng');
    await chat.expectReply(guest, { text: "dm-pdp" }, "Chào Đỗ Thị Mai");
    expect(await chat.linkedPerson(guest)).toBe(await personId(app, "0912000006"));
  });

  it("links with a demo code typed in lower case, with spaces around, or with a zero-width space inside", async () => {
    await chat.expectReply("odd stranger spaces", { text: "  ld-tc  " }, "Chào Hoàng Văn Nam");
    expect(await chat.linkedPerson("odd stranger spaces")).toBe(await personId(app, "0912000005"));
    await chat.expectReply("odd stranger zero width", { text: "DM\u200B-CDS" }, "Chào Vũ Đức Long");
    expect(await chat.linkedPerson("odd stranger zero width")).toBe(await personId(app, "0912000008"));
  });

  it("does not take a code with a space inside for a code, and links nobody", async () => {
    await chat.expectReply("odd stranger split", { text: "DM - KHCN" }, "chưa được liên kết");
    await chat.expectReply("odd stranger split", { text: "DM KHCN" }, "chưa được liên kết");
    expect(await chat.linkedPerson("odd stranger split")).toBeNull();
    expect(await peek(app.db, "select used_at as usedAt from invite_codes where code = 'DM-KHCN'")).toEqual({ usedAt: null });
  });
});

/** The dev chat over HTTP, with a look at the database behind it. */
class OddChat {
  constructor(readonly app: TestApp) {}

  async send(user: string, input: Sent): Promise<ChatResponse & { status: number }> {
    const body: Record<string, unknown> = { user };
    if (input.text !== undefined) body.text = input.text;
    if (input.attachment) body.attachment = input.attachment;
    if (input.choice !== undefined) body.choice = input.choice;
    const res = await fetch(`${this.app.base}/dev/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: res.status, ...((await res.json()) as ChatResponse) };
  }

  async expectReply(user: string, input: Sent, contains: string, locale: Locale = "vi"): Promise<ChatResponse & { status: number }> {
    const res = await this.send(user, input);
    checkReplies(res, input, locale, `${user}: ${input.text ?? ""}`);
    expect(joined(res), `${user}: ${input.text ?? ""}`).toContain(contains);
    return res;
  }

  /** The stored conversation of this dev-chat user. */
  async session(user: string): Promise<{ flow: Record<string, unknown> | null; offered: unknown[] } | undefined> {
    const row = await peek<{ session: string }>(this.app.db, "select session from conversation_states where channel = 'devchat' and chat_id = ?", await resolveDevUser(this.app.db, user));
    return row ? sessionShape(JSON.parse(row.session)) : undefined;
  }

  async linkedPerson(user: string): Promise<number | null> {
    const row = await peek<{ personId: number | null }>(this.app.db, "select person_id as personId from chat_accounts where channel = 'devchat' and external_user_id = ?", await resolveDevUser(this.app.db, user));
    return row?.personId ?? null;
  }
}

const situationTitles: Record<Situation, string> = {
  unlinked: "from an unlinked account: the link greeting, and no data",
  idle: "from a linked focal point at rest",
  entering_percent: "from a focal point entering the 5G percentage",
  entering_count: "from a focal point entering a count (II.5 research staff)",
  english_idle: "from the English-speaking focal point at rest: English replies",
  english_entering: "from the English-speaking focal point entering a percentage: English replies",
};

const vietnameseLetter = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
const rawKey = /^[a-z_]+(\.[a-z_]+)+$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const stackFrame = /^\s*at .+(:\d+:\d+\)?|\(native\))$/m;
/** Never in a reply unless the person typed it (an echo of "undefined" is the person's word). */
const leaks = ["undefined", "[object Object]", "{{", "}}", "$t(", "Error:", "NaN", "Infinity", "null"];

/** The chat's texts: the command line's (`cli.*`) never reach a chat, and name catalogue words ("doanh nghiệp") that item names carry. */
const chatTexts = ({ cli: _cli, ...rest }: Record<string, unknown>) => rest;
const locales = { vi: chatTexts(readLocale("vi")), en: chatTexts(readLocale("en")) };
const strings = { vi: stringsOf(locales.vi), en: stringsOf(locales.en) };
/** Fixed text of the locale's messages that the other locale does not have. */
const ownText = (locale: Locale, min: number) => {
  const other = strings[locale === "vi" ? "en" : "vi"];
  return [...new Set(strings[locale].flatMap(fragmentsOf))].filter((f) => f.length >= min && /\p{L}/u.test(f) && !other.some((o) => o.includes(f)));
};
const markers = { vi: ownText("vi", 5), en: ownText("en", 5) };
const foreign = { vi: ownText("en", 12), en: ownText("vi", 12) };

function checkReplies(res: ChatResponse & { status: number }, input: Sent, locale: Locale, label: string): void {
  expect(res.status, `${label}: HTTP status`).toBe(200);
  expect(res.errorRef, `${label}: nothing crashed`).toBeUndefined();
  expect(res.replies.length, `${label}: at least one reply`).toBeGreaterThan(0);
  const typed = (input.text ?? "").toLowerCase();
  for (const reply of res.replies) {
    const text = reply.text;
    expect(text.trim().length, `${label}: a reply with text`).toBeGreaterThan(0);
    expect(text.length, `${label}: fits a Telegram message`).toBeLessThanOrEqual(4096);
    expect(text, `${label}: no half of a surrogate pair (Telegram refuses them)`).not.toMatch(loneSurrogate);
    expect(text, `${label}: no stack trace`).not.toMatch(stackFrame);
    for (const line of [text, ...text.split("\n")]) expect(line.trim(), `${label}: a raw message key`).not.toMatch(rawKey);
    for (const leak of leaks) if (!typed.includes(leak.toLowerCase())) expect(text, `${label}: "${leak}" in ${JSON.stringify(text)}`).not.toContain(leak);
    for (const choice of reply.choices) {
      expect(choice.label.trim().length, `${label}: a button label`).toBeGreaterThan(0);
      expect(choice.label, `${label}: a raw key as a button`).not.toMatch(rawKey);
      for (const leak of leaks) expect(choice.label, `${label}: "${leak}" in a button`).not.toContain(leak);
    }
    if (locale === "vi") expect(text, `${label}: Vietnamese`).toMatch(vietnameseLetter);
    expect(
      markers[locale].some((m) => text.includes(m)),
      `${label}: written in ${locale}: ${JSON.stringify(text.slice(0, 200))}`,
    ).toBe(true);
    const stray = foreign[locale].find((f) => text.includes(f) && !typed.includes(f.toLowerCase()));
    expect(stray, `${label}: text of the other language in a ${locale} reply`).toBeUndefined();
  }
}

/** An unlinked account sees no indicator, task or person before it links. */
function checkNoData(res: ChatResponse, names: string[], label: string): void {
  for (const reply of res.replies) {
    expect(reply.choices, `${label}: no buttons before linking`).toEqual([]);
    const leaked = names.find((n) => reply.text.includes(n));
    expect(leaked, `${label}: data shown before linking`).toBeUndefined();
  }
}

/** After a figure at an "enter value" step: read as expected, or refused with the expected message. */
async function checkValue(chat: OddChat, user: string, res: ChatResponse, value: number | ValueError, locale: Locale, label: string): Promise<void> {
  const flow = (await chat.session(user))?.flow as { step?: string; draft?: { valueNumber: number | null } } | null | undefined;
  if (typeof value === "number") {
    expect(flow?.step, `${label}: the figure was taken`).toMatch(/^(enter_note|confirm_unusual)$/);
    expect(flow?.draft?.valueNumber, `${label}: read as ${value}`).toBe(value);
  } else {
    expect(flow?.step, `${label}: the figure was refused`).toBe("enter_value");
    expect(joined(res), `${label}: says why (${value})`).toContain(fixedText(locale, `value.error.${value}`));
  }
}

/** Sở Tài chính's conversation never holds, confirms or saves an item of another unit. */
async function checkNotOtherUnit(chat: OddChat, res: ChatResponse, unitId: number, otherNames: string[], label: string): Promise<void> {
  const session = await chat.session(FOCAL_TC);
  const units = [...JSON.stringify(session?.flow ?? {}).matchAll(/"unitId":(\d+)/g)].map((m) => Number(m[1]));
  expect(units.every((u) => u === unitId), `${label}: the conversation holds another unit's item (${units.join(", ")})`).toBe(true);
  const text = joined(res);
  expect(text, `${label}: confirms for another unit`).not.toMatch(/Đơn vị: (?!Sở Tài chính)/);
  const leaked = otherNames.find((n) => text.includes(n));
  expect(leaked, `${label}: shows another unit's item`).toBeUndefined();
}

function joined(res: ChatResponse): string {
  return res.replies.map((r) => r.text).join("\n");
}

function nameOf(input: OddInput): string {
  if (input.name) return input.name;
  if (input.text !== undefined) return JSON.stringify(input.text.length > 40 ? `${input.text.slice(0, 40)}…` : input.text);
  if (input.attachment) return `a ${input.attachment.kind}`;
  return `choice ${JSON.stringify(input.choice)}`;
}

/** Every indicator and task name and every person's name: what an unlinked account must not see. */
async function dataNames(app: TestApp): Promise<string[]> {
  const rows = await peekAll<{ name: string }>(app.db, "select name from indicators union select name from tasks union select name from people");
  // The whole name, and the start of a long one as a list line or a button would cut it.
  return rows.map((r) => r.name).filter((n) => n.length >= 8).flatMap((n) => (n.length > 30 ? [n, n.slice(0, 30)] : [n]));
}

async function subjectName(app: TestApp, subjectKey: string): Promise<string> {
  const [kind, id] = subjectKey.split(":");
  const table = kind === "i" ? "indicators" : "tasks";
  return (await peek<{ name: string }>(app.db, `select name from ${table} where id = ?`, Number(id)))!.name;
}

async function personId(app: TestApp, phone: string): Promise<number> {
  return (await peek<{ id: number }>(app.db, "select id from people where phone = ?", phone))!.id;
}

function readLocale(locale: Locale): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL(`../../locales/${locale}.json`, import.meta.url), "utf8")) as Record<string, unknown>;
}

function stringsOf(tree: unknown): string[] {
  if (typeof tree === "string") return [tree];
  return tree && typeof tree === "object" ? Object.values(tree).flatMap(stringsOf) : [];
}

/** The text of a message between its placeholders: what any rendering of it contains. */
function fragmentsOf(template: string): string[] {
  return template
    .split(/\{\{[^}]*\}\}|\$t\([^)]*\)|\n/)
    .map((f) => f.trim())
    .filter((f) => f.length > 0);
}

/** The longest fixed part of a message, to recognise it in a reply. */
function fixedText(locale: Locale, key: string): string {
  const template = key.split(".").reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], locales[locale]);
  if (typeof template !== "string") throw new Error(`no message ${key} in locales/${locale}.json`);
  return fragmentsOf(template).sort((a, b) => b.length - a.length)[0]!;
}
