import { ADDRESS_WORDS, FILLER, FILLER_PAIRS } from "../../domain/figure-words.ts";
import { findFigures, type FoundFigure } from "../../domain/find-figures.ts";
import { tokenizeMessage, type Token } from "../../domain/tokenize-message.ts";
import { correctTypo } from "./correct-typo.ts";
import { codeKey, expandWord, type ItemIndex } from "./item-index.ts";
import { readPeriod, type PeriodHint } from "./read-period.ts";

/** A message taken apart: which item it names (by code, by list number, by words), the period and the figures. */
export interface MessageParts {
  /** A code as typed: "[3]", "chỉ tiêu số 3", "CT3", "III.1", "1.2:" at the start. */
  code?: string;
  /** "#3": the number the person sees next to the item. */
  listNumber?: number;
  /** "KH 52", "kế hoạch 30", "52/KH": which plan the code is in. */
  planNumber?: string;
  period?: PeriodHint;
  figures: FoundFigure[];
  /** Name words as compared: filler out, abbreviations expanded, typos repaired. */
  words: string[];
  /** Words repaired, "phur → phu", for "why". */
  repairs: string[];
  /** Numbers of the message taken for item-name words ("10.000 dân"), not figures. */
  nameNumbers: string[];
}

/** What stands where a code, a plan hint or a period was taken out: it separates, and is no figure's neighbour. */
const TAKEN: Token = { kind: "symbol", key: "taken" };

const CODE_KEYWORDS: readonly string[][] = [["chi", "tieu", "so"], ["chi", "tieu"], ["chitieu"], ["ct", "so"], ["ct"], ["nhiem", "vu", "so"], ["ma", "so"], ["ma"], ["stt"]];

export function splitMessage(text: string, index: ItemIndex): MessageParts {
  const tokens = tokenizeMessage(text);
  const taken = new Set<number>();
  const parts: MessageParts = { figures: [], words: [], repairs: [], nameNumbers: [] };
  const take = (from: number, count: number) => {
    for (let k = from; k < from + count; k++) taken.add(k);
  };

  // Plan hints first: "KH 52" must not be read as a code keyword or a figure.
  for (let i = 0; i < tokens.length; i++) {
    const k = (j: number) => tokens[i + j]?.key;
    const isNum = (j: number) => tokens[i + j]?.kind === "number" && /^\d{1,4}$/.test(k(j)!);
    if ((k(0) === "kh" || (k(0) === "ke" && k(1) === "hoach")) && !taken.has(i)) {
      const at = k(0) === "kh" ? 1 : 2;
      const skip = k(at) === "so" ? 1 : 0;
      if (isNum(at + skip)) {
        parts.planNumber = k(at + skip)!;
        take(i, at + skip + 1);
        if (k(at + skip + 1) === "/" && tokens[i + at + skip + 2]?.kind === "word") take(i + at + skip + 1, 2);
      }
    } else if (isNum(0) && k(1) === "/" && (k(2) === "kh" || k(2) === "khubnd" || k(2) === "khskhcn")) {
      parts.planNumber = k(0)!;
      take(i, 3);
      if (tokens[i + 3]?.kind === "word" && /^(ubnd|skhcn|bcdcp)$/.test(k(3)!)) take(i + 3, 1);
    }
  }

  // Codes and list numbers.
  for (let i = 0; i < tokens.length && parts.code === undefined && parts.listNumber === undefined; i++) {
    if (taken.has(i)) continue;
    const t = tokens[i]!;
    const next = tokens[i + 1];
    if (t.key === "[" && next && tokens[i + 2]?.key === "]" && next.kind !== "symbol") {
      parts.code = codeKey(next.key);
      take(i, 3);
    } else if (t.key === "#" && next?.kind === "number" && /^\d{1,3}$/.test(next.key)) {
      parts.listNumber = Number(next.key);
      take(i, 2);
    } else if (t.kind === "code") {
      parts.code = codeKey(t.key);
      take(i, 1);
    } else if (t.kind === "word" && /^(?:ct|chitieu)(\d{1,3})$/.test(t.key)) {
      parts.code = t.key.replace(/^(?:ct|chitieu)/, "");
      take(i, 1);
    } else {
      const keyword = CODE_KEYWORDS.find((w) => w.every((x, j) => tokens[i + j]?.key === x));
      const after = keyword ? tokens[i + keyword.length] : undefined;
      if (keyword && after && (after.kind === "number" || after.kind === "code") && /^[\divx.]+$/.test(after.key) && laterFigure(tokens, i + keyword.length + 1)) {
        parts.code = codeKey(after.key);
        take(i, keyword.length + 1);
      } else if (i === firstFree(tokens, taken) && t.kind === "number" && /^\d{1,2}(\.\d{1,2})*$/.test(t.key) && laterFigure(tokens, i + 1)) {
        // "1.2: 0,5%", "7: 85", "6.1 72": a leading number followed by the figure names a code
        // when a separator follows it or it has a dot; "3 45" alone is too thin to decide on.
        const sep = next?.key === ":" || next?.key === "=" || next?.key === "-";
        if (sep || t.key.includes(".")) {
          parts.code = codeKey(t.key);
          take(i, sep ? 2 : 1);
        }
      }
    }
  }

  const period = readPeriod(tokens.map((t, i) => (taken.has(i) ? TAKEN : t)));
  if (period) {
    parts.period = period.hint;
    for (const i of period.taken) taken.add(i);
  }

  const free = tokens.map((t, i): Token => (taken.has(i) ? TAKEN : t));
  let figures = findFigures(free, index.vocabulary);
  if (figures.length > 1) {
    // Numbers that are words of an item's name ("10.000 dân", "06") and a lone year are not figures, when another one is.
    const last = figures[figures.length - 1]!;
    const keep = figures.filter((f) => f === last || f.percent || f.dongPerUnit !== undefined || f.countWords.length > 0 || f.approximate || (!index.vocabulary.has(f.number) && !isYear(f)));
    for (const f of figures) {
      if (keep.includes(f)) continue;
      if (isYear(f) && !parts.period) parts.period = { year: Number(f.number), text: f.number };
      else parts.nameNumbers.push(f.number);
    }
    figures = keep;
  }
  parts.figures = figures;
  const inFigure = new Set<number>();
  for (const f of figures) for (let k = f.start; k < f.end; k++) inFigure.add(k);

  const raw: string[] = [];
  free.forEach((t, i) => {
    if (inFigure.has(i) || t.kind === "symbol") return;
    raw.push(t.key);
  });
  parts.words = meaningfulWords(raw).flatMap(expandWord).map((w) => {
    const fixed = correctTypo(w, index.vocabulary);
    if (fixed) parts.repairs.push(`${w} → ${fixed}`);
    return fixed ?? w;
  });
  parts.words.push(...parts.nameNumbers);
  return parts;
}

/** Filler and politeness out: "dạ", "em", "báo cáo", "anh/chị", "ạ". */
function meaningfulWords(words: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const pair = `${w} ${words[i + 1] ?? ""}`;
    if (FILLER_PAIRS.has(pair)) {
      i++;
      continue;
    }
    if (FILLER.has(w)) continue;
    // "anh", "chị" address the reader at the start or after "em"/"gửi"; elsewhere "chi" is spending ("tổng chi").
    if (ADDRESS_WORDS.has(w) && (out.length === 0 || w === "anh" || ["em", "gui", "da", "anh"].includes(words[i - 1] ?? ""))) continue;
    out.push(w);
  }
  return out;
}

function laterFigure(tokens: readonly Token[], from: number): boolean {
  return tokens.slice(from).some((t) => t.kind === "number");
}

function firstFree(tokens: readonly Token[], taken: ReadonlySet<number>): number {
  for (let i = 0; i < tokens.length; i++) if (!taken.has(i) && !(tokens[i]!.kind === "word" && FILLER.has(tokens[i]!.key))) return i;
  return -1;
}

function isYear(f: FoundFigure): boolean {
  return /^20[2-5]\d$/.test(f.number) && !f.percent && f.countWords.length === 0 && f.dongPerUnit === undefined;
}
