import { stripDiacritics } from "./search-key.ts";

/** One piece of a typed message: a word (letters, maybe digits: "5g", "ct3"), a number, a code ("ii.1", "pl2.3") or a symbol. */
export interface Token {
  kind: "word" | "number" | "code" | "symbol";
  /** Lower case, without diacritics ("phủ" → "phu"); numbers and codes as typed. */
  key: string;
  /** Whether it touches the token before it (no space between): ".5" is not ". 5". */
  glued?: boolean;
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
    const glued = m.index > 0 && !/\s/.test(plain[m.index - 1]!);
    const add = (t: Token) => tokens.push(glued ? { ...t, glued } : t);
    if (code) add({ kind: "code", key: code });
    else if (word) add({ kind: "word", key: word });
    else if (number) add({ kind: "number", key: number });
    else if (all && !/\s/.test(all)) add({ kind: "symbol", key: all });
  }
  return tokens;
}

const TOKEN = /((?<![\p{L}\d])(?:[ivx]+|pl\d*)\.\d+(?:\.\d+)*(?![\p{L}\d]))|([\p{L}\d]*\p{L}[\p{L}\d]*)|(\d(?:[\d.,]*\d)?)|(\S)/gu;
