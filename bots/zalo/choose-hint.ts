import type { Locale, Translator } from "../../src/i18n/translator.ts";

/** Up to this many choices the hint names each number; more get a range. */
const namedUpTo = 4;

/**
 * The line under a numbered list of choices, in the reader's language: "Trả lời 1.",
 * "Trả lời 1, 2 hoặc 3.", "Trả lời một số từ 1 đến 9." (locales: zalo.choose_hint*).
 */
export function chooseHint(translator: Translator, locale: Locale): (count: number) => string {
  return (count) => {
    if (count <= 1) return translator.t(locale, { key: "zalo.choose_hint_one" });
    if (count > namedUpTo) return translator.t(locale, { key: "zalo.choose_hint_range", params: { last: count } });
    const numbers = Array.from({ length: count }, (_, i) => String(i + 1));
    return translator.t(locale, { key: "zalo.choose_hint", params: { list: numbers.slice(0, -1).join(", "), last: numbers.at(-1)! } });
  };
}
