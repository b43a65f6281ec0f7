import { isDeepStrictEqual } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkZaloWording } from "./check-zalo-replies.ts";
import { loadConversation } from "../../db/repositories/chat-repository.ts";
import { oddInputs, sessionShape, type OddInput, type Situation, type ValueError } from "../chat/odd-inputs.ts";
import type { TestApp } from "../support/test-app.ts";
import { peek, peekAll } from "../support/peek.ts";
import { offeredIn, zaloUser, type ZaloUser } from "../support/zalo-user.ts";

/** A Zalo transport in front of the real service, as the odd-input replay drives it. */
export interface OddZaloHarness {
  app: TestApp;
  /** The Zalo account the transport speaks as (chat accounts and conversations are keyed by it). */
  accountId: string;
  /** One input from a Zalo user, delivered as this transport delivers it; the texts answered. */
  send(userId: string, input: OddInput): Promise<string[]>;
  close(): Promise<void>;
}

type Locale = "vi" | "en";
/** Typed text that, echoed in an answer, would trip the wording checks by itself. */
const echoesWording = /b(?:a|ấ)m|press|tap|nút|button|^\s*\d+\.\s|\n\s*\d+\.\s/iu;
const FOCAL_VI = "0912000001";
const FOCAL_EN = "0912000007";
const vietnameseLetter = /[àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵđ]/i;
const rawKey = /^[a-z_]+(\.[a-z_]+)+$/;
const loneSurrogate = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const stackFrame = /^\s*at .+(:\d+:\d+\)?|\(native\))$/m;
const leaks = ["undefined", "[object Object]", "{{", "}}", "$t(", "Error:", "NaN", "Infinity", "null"];
/** Our own lines in the other language: a hint or the apology. */
const otherLanguage: Record<Locale, RegExp> = { vi: /^(Reply \d|Reply with a number|Type ")|Sorry, something went wrong/m, en: /^(Trả lời \d|Trả lời một số|Gõ ")|hệ thống đang gặp lỗi/m };
const apology = /hệ thống đang gặp lỗi|something went wrong on our side/;

/**
 * The whole odd-or-hostile corpus (tests/chat/odd-inputs.ts) over a Zalo transport: each input
 * delivered as Zalo would, in each situation its category names, the answer read off the fake.
 * Every answer arrives, fits a Zalo message, is in the reader's language, shows no data before
 * linking and no internals; figures are read as on the dev chat; nothing is stored. Left out: the
 * three forged button ids (Zalo has no buttons to forge).
 */
export function describeOddInputsOverZalo(title: string, startHarness: () => Promise<OddZaloHarness>): void {
  describe(title, () => {
    let h: OddZaloHarness;
    let app: TestApp;
    let strangers = 0;
    const people = { vi: zaloUser("a0000000000000000001"), en: zaloUser("a0000000000000000007") };
    const start = new Map<Situation, unknown>();
    const setups: Record<Situation, { user: () => ZaloUser; locale: Locale; cancel: string; enter: string[] }> = {
      unlinked: { user: () => zaloUser(`b${String(++strangers).padStart(19, "0")}`), locale: "vi", cancel: "hủy", enter: [] },
      idle: { user: () => people.vi, locale: "vi", cancel: "hủy", enter: [] },
      entering_percent: { user: () => people.vi, locale: "vi", cancel: "hủy", enter: ["báo cáo", "5G"] },
      entering_count: { user: () => people.vi, locale: "vi", cancel: "hủy", enter: ["báo cáo", "#11"] },
      english_idle: { user: () => people.en, locale: "en", cancel: "cancel", enter: [] },
      english_entering: { user: () => people.en, locale: "en", cancel: "cancel", enter: ["report", "1"] },
    };

    beforeAll(async () => {
      h = await startHarness();
      app = h.app;
      expect((await send(people.vi, { text: "DM-KHCN" })).join("\n")).toContain("Chào Nguyễn Thị Lan");
      expect((await send(people.en, { text: "DM-TK" })).join("\n")).toContain("Hello Nguyễn Minh Anh");
    });
    afterAll(async () => {
      await h?.close();
    });

    /** Sends one input as Zalo delivers it; the texts the bot answered with. */
    const send = (user: ZaloUser, input: OddInput): Promise<string[]> => h.send(user.id, input);

    async function session(user: ZaloUser): Promise<{ flow: { step?: string; draft?: { valueNumber: number | null } } | null } | undefined> {
      return sessionShape(await loadConversation(app.db, { channel: "zalo", accountId: h.accountId, chatId: user.id }, app.clock.now()) as ReturnType<typeof session>);
    }

    async function linked(user: ZaloUser): Promise<boolean> {
      const row = await peek<{ personId: number | null }>(app.db, "select person_id as personId from chat_accounts where channel = 'zalo' and external_user_id = ?", user.id);
      return (row?.personId ?? null) !== null;
    }

    async function arrive(situation: Situation): Promise<void> {
      if (situation === "unlinked") return;
      const { user, cancel, enter } = setups[situation];
      const who = user();
      const expected = start.get(situation);
      if (expected !== undefined && isDeepStrictEqual(await session(who), expected)) return;
      await send(who, { text: cancel });
      if (enter.length === 0 && !isDeepStrictEqual(await session(who), expected)) await send(who, { text: cancel });
      for (const text of enter) await send(who, { text });
      if (expected === undefined) start.set(situation, await session(who));
      else expect(await session(who), `${situation}: back at the starting point`).toEqual(expected);
    }

    const names = async () =>
      (await peekAll<{ name: string }>(app.db, "select name from indicators union select name from tasks union select name from people"))
        .map((r) => r.name)
        .filter((n) => n.length >= 8)
        .flatMap((n) => (n.length > 30 ? [n, n.slice(0, 30)] : [n]));

    for (const category of oddInputs) {
      const inputs = category.inputs.filter((i) => i.text !== undefined || i.attachment !== undefined);
      describe(category.category, () => {
        for (const situation of category.situations) {
          it(`${situation} (${inputs.length} inputs)`, async () => {
            const setup = setups[situation];
            const dataNames = situation === "unlinked" ? await names() : [];
            for (const input of inputs) {
              await arrive(situation);
              const user = setup.user();
              const label = `${category.category} / ${situation} / ${input.name ?? JSON.stringify((input.text ?? input.attachment?.kind ?? "").slice(0, 40))}`;
              const texts = await send(user, input);
              expect(texts.length, `${label}: an answer`).toBeGreaterThan(0);
              const typed = (input.text ?? "").toLowerCase();
              for (const text of texts) {
                expect(text.length, `${label}: fits a Zalo message`).toBeLessThanOrEqual(2000);
                expect(text, `${label}: no half of a surrogate pair`).not.toMatch(loneSurrogate);
                expect(text, `${label}: no stack trace`).not.toMatch(stackFrame);
                expect(text, `${label}: no apology (nothing failed)`).not.toMatch(apology);
                for (const line of text.split("\n")) expect(line.trim(), `${label}: a raw message key`).not.toMatch(rawKey);
                for (const leak of leaks) if (!typed.includes(leak.toLowerCase())) expect(text, `${label}: "${leak}"`).not.toContain(leak);
                if (setup.locale === "vi") expect(text, `${label}: Vietnamese`).toMatch(vietnameseLetter);
                expect(text, `${label}: our own lines in the reader's language`).not.toMatch(otherLanguage[setup.locale]);
                // Worded for a channel without buttons (unless the person's own words are echoed back).
                if (!echoesWording.test(typed)) checkZaloWording(label, text);
              }
              const joined = texts.join("\n");
              for (const e of input.expect?.[situation] ?? []) expect(joined, `${label}: expected`).toContain(e);
              if (situation === "unlinked") {
                expect(offeredIn(texts.at(-1)!).numbered, `${label}: no choices before linking`).toEqual([]);
                expect(dataNames.find((n) => joined.includes(n)), `${label}: data shown before linking`).toBeUndefined();
                expect(await linked(user), `${label}: stays unlinked`).toBe(false);
              }
              const value = situation === "entering_count" ? input.count : situation === "entering_percent" || situation === "english_entering" ? input.percent : undefined;
              if (value !== undefined) checkValue((await session(user))?.flow ?? null, value, label);
            }
          });
        }
      });
    }

    it("stored nothing for any of them: no report, revision or evidence, and only the two links made on purpose", async () => {
      const count = async (sql: string) => Number((await peek<{ n: number }>(app.db, sql))?.n);
      expect(await count("select count(*) as n from reports")).toBe(0);
      expect(await count("select count(*) as n from report_revisions")).toBe(0);
      expect(await count("select count(*) as n from evidence")).toBe(0);
      expect(await count("select count(*) as n from chat_accounts where person_id is not null")).toBe(2);
      expect(oddInputs.flatMap((c) => c.inputs).filter((i) => i.text !== undefined || i.attachment !== undefined).length).toBeGreaterThanOrEqual(240);
    });
  });
}

/** After a figure at an "enter value" step: read as on the dev chat, or refused. */
function checkValue(flow: { step?: string; draft?: { valueNumber: number | null } } | null, value: number | ValueError, label: string): void {
  if (typeof value === "number") {
    expect(flow?.step, `${label}: the figure was taken`).toMatch(/^(enter_note|confirm_unusual)$/);
    expect(flow?.draft?.valueNumber, `${label}: read as ${value}`).toBe(value);
  } else {
    expect(flow?.step, `${label}: the figure was refused (${value})`).toBe("enter_value");
  }
}
