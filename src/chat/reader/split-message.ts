import { ADDRESS_WORDS, COUNT_UNITS, FILLER, FILLER_PAIRS, FILLER_PHRASES, MONEY_SCALES, OPTIONAL_PHRASES, RANK_WORDS, PERCENT_AFTER, SPOKEN_DECIMAL, STOP_WORDS } from "../../domain/figure-words.ts";
import { findFigures, type FoundFigure } from "../../domain/find-figures.ts";
import { tokenizeMessage, type Token } from "../../domain/tokenize-message.ts";
import { correctTypo, telexRepairs } from "./correct-typo.ts";
import { codeKey, expandWord, type ItemIndex } from "./item-index.ts";
import { readPeriod, type PeriodHint } from "./read-period.ts";

/** A message taken apart: which item it names (by code, by list number, by words), the period and the figures. */
export interface MessageParts {
  /** A code as typed: "[3]", "chỉ tiêu số 3", "CT3", "III.1", "1.2:" at the start. */
  code?: string;
  /** "#3": the number the person sees next to the item. */
  listNumber?: number;
  /** "KH 52", "kế hoạch 30", "KH30", "52/KH", "QĐ 11": which plan the item is in. */
  planNumber?: string;
  /** "kế hoạch đánh giá": words of the plan's name, as compared (" danh gia "). */
  planWords?: string;
  period?: PeriodHint;
  figures: FoundFigure[];
  /** Name words as compared: filler out, abbreviations expanded, typos repaired. */
  words: string[];
  /** Words that help an item naming them and count against none ("trên địa bàn tỉnh"). */
  optional: string[];
  /** Words repaired, "phur → phu", for "why". */
  repairs: string[];
  /** Numbers of the message taken for item-name words ("10.000 dân"), not figures. */
  nameNumbers: string[];
}

/** What stands where a code, a plan hint or a period was taken out: it separates, and is no figure's neighbour. */
const TAKEN: Token = { kind: "symbol", key: "taken" };

const CODE_KEYWORDS: readonly string[][] = [["chi", "tieu", "so"], ["chi", "tieu"], ["chitieu"], ["ct", "so"], ["ct"], ["nhiem", "vu", "so"], ["ma", "so"], ["ma"], ["stt"]];

/** Words that may follow a figure as its unit, for repairing telex leftovers there ("1,4 tyr"). */
const UNIT_WORDS = new Set([...MONEY_SCALES.flatMap((m) => m.words), ...PERCENT_AFTER.flat(), ...COUNT_UNITS.flat()].filter((w) => /^\p{L}{2,}$/u.test(w)));

/**
 * The tokens as read: "2 phẩy 4" (voice typing) is the number 2,4; a telex or VNI leftover in the
 * word right after a number is repaired when it makes exactly one unit word ("1,4 tyr" → tỷ).
 */
function normalizeTokens(tokens: Token[], repairs: string[]): Token[] {
  const out: Token[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const next = tokens[i + 1];
    const after = tokens[i + 2];
    if (t.kind === "number" && /^\d+$/.test(t.key) && next && SPOKEN_DECIMAL.has(next.key) && after?.kind === "number" && /^\d+$/.test(after.key)) {
      out.push({ ...t, key: `${t.key},${after.key}` });
      i += 2;
      continue;
    }
    const prev = out[out.length - 1];
    if (t.kind === "word" && prev?.kind === "number" && !UNIT_WORDS.has(t.key)) {
      const fixes = [...new Set(telexRepairs(t.key).filter((w) => UNIT_WORDS.has(w)))];
      if (fixes.length === 1) {
        repairs.push(`${t.key} → ${fixes[0]}`);
        out.push({ ...t, key: fixes[0]! });
        continue;
      }
    }
    out.push(t);
  }
  return out;
}

export function splitMessage(text: string, index: ItemIndex): MessageParts {
  const unitRepairs: string[] = [];
  const tokens = normalizeTokens(tokenizeMessage(text), unitRepairs);
  const taken = new Set<number>();
  const parts: MessageParts = { figures: [], words: [], optional: [], repairs: unitRepairs, nameNumbers: [] };
  const take = (from: number, count: number) => {
    for (let k = from; k < from + count; k++) taken.add(k);
  };

  // Plan hints first: "KH 52" must not be read as a code keyword or a figure.
  for (let i = 0; i < tokens.length; i++) {
    const k = (j: number) => tokens[i + j]?.key;
    const isNum = (j: number) => tokens[i + j]?.kind === "number" && /^\d{1,4}$/.test(k(j)!);
    const glued = /^(?:kh|qd)(\d{1,3})$/.exec(k(0) ?? "");
    if (glued && tokens[i]!.kind === "word" && !taken.has(i)) {
      // "KH30", "QĐ11"
      parts.planNumber = glued[1]!;
      take(i, 1);
    } else if ((k(0) === "kh" || k(0) === "qd" || (k(0) === "ke" && k(1) === "hoach") || (k(0) === "quyet" && k(1) === "dinh")) && !taken.has(i)) {
      const at = k(0) === "kh" || k(0) === "qd" ? 1 : 2;
      const skip = k(at) === "so" ? 1 : 0;
      if (isNum(at + skip)) {
        parts.planNumber = k(at + skip)!;
        take(i, at + skip + 1);
        if (k(at + skip + 1) === "/" && tokens[i + at + skip + 2]?.kind === "word") take(i + at + skip + 1, 2);
      } else if (k(0) !== "qd" && k(0) !== "quyet") {
        // "kế hoạch đánh giá": words of one of the person's plans' names, not of all of them.
        const words = [tokens[i + at], tokens[i + at + 1]].filter((t) => t?.kind === "word").map((t) => t!.key);
        for (const n of [2, 1]) {
          const phrase = words.slice(0, n).join(" ");
          if (words.length < n || (n === 1 && (phrase.length < 4 || STOP_WORDS.has(phrase)))) continue;
          const inPlans = index.items.filter((x) => x.planKey.includes(` ${phrase} `)).length;
          if (inPlans > 0 && inPlans < index.items.length) {
            parts.planWords = ` ${phrase} `;
            take(i, at + n);
            break;
          }
        }
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

  // "IV.6 - 130", "[3]: 72", "CT5 = 1,6": a separator right after a code is the code's, not the figure's sign.
  const codeEnd = Math.max(-1, ...[...taken]) + 1;
  if ((parts.code !== undefined || parts.listNumber !== undefined) && codeEnd > 0 && /^[-–—:=]$/.test(tokens[codeEnd]?.key ?? "") && tokens[codeEnd + 1]?.kind === "number") take(codeEnd, 1);

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
    // "trên 10.000 dân" of "…/10.000 dân" is the name's, though "trên" reads as a bound.
    const keep = figures.filter((f) => f === last || f.percent || f.dongPerUnit !== undefined || f.countWords.length > 0 || (f.approximate && !index.vocabulary.has(f.number)) || (!index.vocabulary.has(f.number) && !isYear(f)));
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
  // "xếp hạng PII 20/34": with a rank figure, the words of ranking say nothing more ("hạng" is also "hàng" of "hàng năm").
  const ranked = figures.length === 1 && (figures[0]!.outOf !== undefined || figures[0]!.rankWord);

  const raw: string[] = [];
  free.forEach((t, i) => {
    if (inFigure.has(i) || t.kind === "symbol" || (ranked && RANK_WORDS.has(t.key))) return;
    raw.push(t.key);
  });
  parts.words = meaningfulWords(raw, parts.optional).flatMap(expandWord).map((w) => {
    const fixed = correctTypo(w, index.vocabulary);
    if (fixed) parts.repairs.push(`${w} → ${fixed}`);
    return fixed ?? w;
  });
  parts.words.push(...parts.nameNumbers);
  return parts;
}

/** Filler and politeness out: "dạ", "em", "báo cáo", "anh/chị", "ạ", "trên địa bàn tỉnh". */
function meaningfulWords(words: string[], optional: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i]!;
    const where = OPTIONAL_PHRASES.find((p) => p.every((x, k) => words[i + k] === x));
    if (where) {
      optional.push(...where);
      out.push(...where);
      i += where.length - 1;
      continue;
    }
    const phrase = FILLER_PHRASES.find((p) => p.every((x, k) => words[i + k] === x));
    if (phrase) {
      i += phrase.length - 1;
      continue;
    }
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
