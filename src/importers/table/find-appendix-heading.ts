import { searchKey } from "../../domain/search-key.ts";

export interface AppendixHeading {
  /** 1 for "Phụ lục I", "PHỤ LỤC 01"; undefined for a lone "Phụ lục". */
  number?: number;
  /** The heading as written, markup removed. */
  label: string;
  /** A title written on the same line ("Phụ lục II: DANH MỤC NHIỆM VỤ …"). */
  title?: string;
}

/**
 * Recognises an appendix heading line: "Phụ lục I", "**Phụ lục II**", "PHỤ LỤC 01", "Phụ lục",
 * "Phụ lục số 2: …". Seed 000 lost a word in extraction ("PHỤ 01"), so "Phụ <number>" alone on its
 * line counts too. A sentence that merely mentions an appendix ("Theo Phụ lục phân công …") does not.
 */
export function findAppendixHeading(line: string): AppendixHeading | null {
  const label = line.replace(/^#+\s*/, "").replace(/\*+|<\/?[a-z][^>]*>/gi, "").replace(/\s+/g, " ").trim();
  const k = searchKey(label);
  const m = /^phu(?: luc)?(?: so)? ([ivxlc]+|\d{1,2})(?:\s*[:.-]?\s+(.+))?$/.exec(k) ?? /^phu luc()$/.exec(k);
  if (!m) return null;
  const numeral = m[1] ?? "";
  const heading: AppendixHeading = { label };
  const number = numeral === "" ? undefined : /^\d+$/.test(numeral) ? Number(numeral) : romanToNumber(numeral);
  if (number !== undefined) heading.number = number;
  if (m[2]) {
    const at = label.search(new RegExp(`\\b${numeral}\\b`, "i"));
    heading.title = label.slice(at + numeral.length).replace(/^[\s:.\-–]+/, "").trim();
  }
  return heading;
}

function romanToNumber(roman: string): number {
  const values: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100 };
  let total = 0;
  for (let i = 0; i < roman.length; i++) {
    const value = values[roman[i] ?? ""] ?? 0;
    const next = values[roman[i + 1] ?? ""] ?? 0;
    total += value < next ? -value : value;
  }
  return total;
}
