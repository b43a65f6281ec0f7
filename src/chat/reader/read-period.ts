import type { Token } from "../../domain/tokenize-message.ts";

/** A reporting period named in a message: "tháng 11", "11/2026", "quý 4", "6 tháng đầu năm", "năm 2026". */
export interface PeriodHint {
  month?: number;
  quarter?: number;
  half?: 1 | 2;
  nineMonths?: boolean;
  year?: number;
  /** The words as typed, for "why". */
  text: string;
}

const ROMAN: Record<string, number> = { i: 1, ii: 2, iii: 3, iv: 4 };

/** Words before a day/month that make it a date, not a rank or a fraction: "ngày 20/11", "đến 20/11". */
const DATE_BEFORE = new Set(["ngay", "den", "toi", "tu", "hom"]);

/**
 * Finds a period in the tokens and returns it with the positions it took (so its numbers are not
 * read as the figure). Only the first period counts; a second is left as it is.
 */
export function readPeriod(tokens: readonly Token[]): { hint: PeriodHint; taken: Set<number> } | undefined {
  for (let i = 0; i < tokens.length; i++) {
    const found = periodAt(tokens, i);
    if (found) {
      const taken = new Set<number>();
      // A date takes the words that made it one: "(tính) đến ngày 15/11".
      let from = i;
      if (found.date) {
        while (from > 0 && DATE_BEFORE.has(tokens[from - 1]!.key)) from--;
        // "tính đến", not the "tỉnh" of "cấp tỉnh đến ngày…" (both are "tinh" without marks): only before "đến".
        if (from > 0 && tokens[from - 1]!.key === "tinh" && tokens[from]?.key === "den" && !["cap", "toan"].includes(tokens[from - 2]?.key ?? "")) from--;
      }
      for (let k = from; k < i + found.length; k++) taken.add(k);
      const text = tokens.slice(from, i + found.length).map((t) => t.key).join(" ");
      return { hint: { ...found.hint, text }, taken };
    }
  }
  return undefined;
}

function periodAt(t: readonly Token[], i: number): { hint: Omit<PeriodHint, "text">; length: number; date?: boolean } | undefined {
  const k = (j: number) => t[i + j]?.key;
  const num = (j: number) => (t[i + j]?.kind === "number" && /^\d{1,4}$/.test(k(j)!) ? Number(k(j)) : undefined);
  const yearAfter = (j: number): { year?: number; length: number } => {
    if (k(j) === "/" && isYear(num(j + 1))) return { year: num(j + 1)!, length: 2 };
    if ((k(j) === "nam" || k(j) === "-") && isYear(num(j + 1))) return { year: num(j + 1)!, length: 2 };
    return { length: 0 };
  };
  // "6 tháng đầu năm (2026)", "6 tháng", "9 tháng", "cả năm"
  if ((num(0) === 6 || num(0) === 9) && k(1) === "thang") {
    let length = 2;
    if (k(2) === "dau" && k(3) === "nam") length = 4;
    else if (k(2) === "cuoi" && k(3) === "nam" && num(0) === 6) {
      const y = yearAfter(4);
      return { hint: { half: 2, ...(y.year ? { year: y.year } : {}) }, length: 4 + (y.year ? 1 : 0) };
    }
    const y = isYear(num(length)) ? { year: num(length)!, length: 1 } : yearAfter(length);
    return { hint: { ...(num(0) === 6 ? { half: 1 as const } : { nineMonths: true }), ...(y.year ? { year: y.year } : {}) }, length: length + y.length };
  }
  if (k(0) === "thang" || k(0) === "t") {
    const m = num(1);
    if (m !== undefined && m >= 1 && m <= 12) {
      const y = yearAfter(2);
      return { hint: { month: m, ...(y.year ? { year: y.year } : {}) }, length: 2 + y.length };
    }
  }
  const tm = /^t(\d{1,2})$/.exec(k(0) ?? "");
  if (tm && t[i]!.kind === "word" && Number(tm[1]) >= 1 && Number(tm[1]) <= 12) {
    const y = yearAfter(1);
    return { hint: { month: Number(tm[1]), ...(y.year ? { year: y.year } : {}) }, length: 1 + y.length };
  }
  if (k(0) === "quy" || k(0) === "q") {
    const q = num(1) ?? ROMAN[k(1) ?? ""];
    if (q !== undefined && q >= 1 && q <= 4) {
      const y = yearAfter(2);
      return { hint: { quarter: q, ...(y.year ? { year: y.year } : {}) }, length: 2 + y.length };
    }
  }
  const qm = /^q([1-4])$/.exec(k(0) ?? "");
  if (qm && t[i]!.kind === "word") {
    const y = yearAfter(1);
    return { hint: { quarter: Number(qm[1]), ...(y.year ? { year: y.year } : {}) }, length: 1 + y.length };
  }
  // A date: "ngày 20/11", "đến 20/11", "20/11/2026" — the figure is as of that day, in its month.
  const day = num(0);
  const dayMonth = num(2);
  if (day !== undefined && day >= 1 && day <= 31 && k(1) === "/" && dayMonth !== undefined && dayMonth >= 1 && dayMonth <= 12 && (DATE_BEFORE.has(t[i - 1]?.key ?? "") || (k(3) === "/" && isYear(num(4))))) {
    const y = k(3) === "/" && isYear(num(4)) ? num(4)! : undefined;
    return { hint: { month: dayMonth, ...(y ? { year: y } : {}) }, length: y ? 5 : 3, date: true };
  }
  // "11/2026" (a month), but not "17/34" (a rank)
  const m = num(0);
  if (m !== undefined && m >= 1 && m <= 12 && k(1) === "/" && isYear(num(2))) return { hint: { month: m, year: num(2)! }, length: 3 };
  if (k(0) === "nam" && isYear(num(1))) return { hint: { year: num(1)! }, length: 2 };
  if (k(0) === "ca" && k(1) === "nam") return { hint: {}, length: 2 };
  return undefined;
}

function isYear(n: number | undefined): n is number {
  return n !== undefined && n >= 2020 && n <= 2050;
}
