import type { Locale, Translator } from "../../src/i18n/translator.ts";

/**
 * The line naming the choices as words to type, where a typed number would be read as a figure:
 * "Gõ "Hủy".", "Gõ "Bỏ qua" hoặc "Hủy"." (locales: zalo.type_words*).
 */
export function typeWordsHint(translator: Translator, locale: Locale): (labels: string[]) => string {
  return (labels) => {
    const quoted = labels.map((l) => `"${l}"`);
    if (quoted.length <= 1) return translator.t(locale, { key: "zalo.type_words_one", params: { last: quoted[0] ?? "" } });
    return translator.t(locale, { key: "zalo.type_words", params: { list: quoted.slice(0, -1).join(", "), last: quoted.at(-1)! } });
  };
}
