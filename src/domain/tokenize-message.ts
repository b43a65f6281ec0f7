import { stripDiacritics } from "./search-key.ts";

/** One piece of a typed message: a word (letters, maybe digits: "5g", "ct3"), a number, a code ("ii.1", "pl2.3") or a symbol. */
export interface Token {
  kind: "word" | "number" | "code" | "symbol";
  /** Lower case, without diacritics ("phủ" → "phu"); numbers and codes as typed. */
  key: string;
}

/**
 * A message as tokens, diacritics and case ignored. Abbreviations joined by "&" or "-" become one
 * word ("KH&CN", "NC&PT", "KH-CN" → "khcn", "ncpt"), so that item names and messages agree on them.
 */
export function tokenizeMessage(text: string): Token[] {
  const joined = text
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
    .replace(/(?<![\p{L}])([\p{Lu}]{1,4})\s?-\s?([\p{Lu}]{1,4})(?![\p{L}])/gu, "$1$2")
    .toLowerCase()
    .replace(/(?<![\p{L}])([\p{L}]{1,3})\s?&\s?([\p{L}]{1,3})(?![\p{L}])/gu, "$1$2");
  const plain = stripDiacritics(joined);
  const tokens: Token[] = [];
  for (const m of plain.matchAll(TOKEN)) {
    const [all, code, word, number] = m;
    if (code) tokens.push({ kind: "code", key: code });
    else if (word) tokens.push({ kind: "word", key: word });
    else if (number) tokens.push({ kind: "number", key: number });
    else if (all && !/\s/.test(all)) tokens.push({ kind: "symbol", key: all });
  }
  return tokens;
}

const TOKEN = /((?<![\p{L}\d])(?:[ivx]+|pl\d*)\.\d+(?:\.\d+)*(?![\p{L}\d]))|([\p{L}\d]*\p{L}[\p{L}\d]*)|(\d(?:[\d.,]*\d)?)|(\S)/gu;
