import { cleanCellText } from "./clean-cell-text.ts";
import type { Comparator, VnNumber } from "./types.ts";

/** Longer input is not a number someone typed; refusing it early bounds the work on chat input. */
export const VN_NUMBER_MAX_LENGTH = 64;

/**
 * Reads a number as Vietnamese officials write it, with an optional comparator and percent sign:
 * "1.500" → 1500, "2,5" → 2.5, "1.234,5" → 1234.5, "≥ 0,73", "72,5 %", "$\geq 3\%$", "1 500".
 *
 * Separator rules (Vietnamese convention: "." groups thousands, "," is the decimal mark):
 * - only "," once: always the decimal mark, so "1,500" is 1.5 (not one thousand five hundred);
 * - "," several times: thousands groups ("1,500,000"), since a decimal mark cannot repeat;
 * - only "." once: thousands when exactly three digits follow and 1–3 non-zero-led digits precede
 *   ("1.500", "12.345"); otherwise the decimal point people type on phones ("0.5", "2.75", "0.730");
 * - "." several times: thousands groups ("1.500.000"), every group exactly three digits;
 * - both: the later one is the decimal mark and the other must form proper thousands groups
 *   ("1.234,5" and "1,234.5" both give 1234.5);
 * - spaces: allowed only as thousands groups ("1 500", "1 500 000").
 */
export function parseVnNumber(text: string): VnNumber {
  if (text.length > VN_NUMBER_MAX_LENGTH) return { ok: false, error: "too_long", input: text };
  let rest = cleanCellText(text);
  if (rest === "") return { ok: false, error: "empty", input: text };

  let comparator: Comparator | undefined;
  const cmp = /^(>=|=>|<=|=<|[≥≧⩾≤≦⩽><=])\s*/.exec(rest);
  if (cmp) {
    comparator = COMPARATORS[cmp[1] ?? ""];
    rest = rest.slice(cmp[0].length);
  }

  let percent = false;
  if (/\s*%$/.test(rest)) {
    percent = true;
    rest = rest.replace(/\s*%$/, "");
  }

  let sign = 1;
  const signMatch = /^([+\-−])\s*/.exec(rest);
  if (signMatch) {
    if (signMatch[1] !== "+") sign = -1;
    rest = rest.slice(signMatch[0].length);
  }

  const magnitude = readDigits(rest);
  if (magnitude === undefined) return { ok: false, error: "not_a_number", input: text };
  // "-0" would read back as -0 and fail equality checks downstream.
  const value = magnitude === 0 ? 0 : sign * magnitude;
  return comparator ? { ok: true, value, percent, comparator } : { ok: true, value, percent };
}

const COMPARATORS: Record<string, Comparator> = {
  ">=": ">=",
  "=>": ">=",
  "≥": ">=",
  "≧": ">=",
  "⩾": ">=",
  "<=": "<=",
  "=<": "<=",
  "≤": "<=",
  "≦": "<=",
  "⩽": "<=",
  ">": ">",
  "<": "<",
  "=": "=",
};

/** The unsigned number in `s`, or undefined when `s` is not one number written by the rules above. */
function readDigits(s: string): number | undefined {
  if (/^\d{1,3}( \d{3})+([.,]\d+)?$/.test(s)) s = s.replace(/ /g, "");
  if (!/^\d[\d.,]*$/.test(s) || /[.,]$/.test(s)) return undefined;

  const dots = count(s, ".");
  const commas = count(s, ",");
  if (dots === 0 && commas === 0) return Number(s);

  if (dots > 0 && commas > 0) {
    const decimalMark = s.lastIndexOf(".") > s.lastIndexOf(",") ? "." : ",";
    const groupMark = decimalMark === "." ? "," : ".";
    if (count(s, decimalMark) !== 1) return undefined;
    const [whole = "", fraction = ""] = s.split(decimalMark);
    if (!isGrouped(whole, groupMark)) return undefined;
    return Number(`${whole.split(groupMark).join("")}.${fraction}`);
  }

  const mark = dots > 0 ? "." : ",";
  if (count(s, mark) > 1) return isGrouped(s, mark) ? Number(s.split(mark).join("")) : undefined;

  const [whole = "", fraction = ""] = s.split(mark);
  const looksLikeThousands = mark === "." && /^[1-9]\d{0,2}$/.test(whole) && /^\d{3}$/.test(fraction);
  return looksLikeThousands ? Number(whole + fraction) : Number(`${whole}.${fraction}`);
}

/** "1.500.000" with mark ".": a 1–3 digit head, then groups of exactly three. */
function isGrouped(s: string, mark: string): boolean {
  const groups = s.split(mark);
  return /^\d{1,3}$/.test(groups[0] ?? "") && groups.slice(1).every((g) => /^\d{3}$/.test(g)) && groups.length > 1;
}

function count(s: string, ch: string): number {
  return s.split(ch).length - 1;
}
