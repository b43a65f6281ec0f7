import { APPROXIMATE_BEFORE, COUNT_UNITS, LEVEL_BEFORE, MONEY_SCALES, NOT_MONEY_AFTER_TY, OUT_OF_WORDS, PERCENT_AFTER, RANGE_JOINERS, RANK_BEFORE, RANKED_AFTER, RELATIVE_AFTER } from "./figure-words.ts";
import type { Token } from "./tokenize-message.ts";

/** A figure found in a message, with what was written around it. Positions are token indexes, end exclusive. */
export interface FoundFigure {
  start: number;
  end: number;
  /** Where the number itself is (after "khoảng", "hạng", "mức" when they are before it). */
  at: number;
  /** The number as typed ("45,6", "1.500"). */
  number: string;
  /** "khoảng", "tầm", "trên"…: an estimate or a bound, not a measured figure. */
  approximate: boolean;
  /** "90–95", "90 đến 95": the second number. */
  rangeTo?: string;
  /** "17/34": out of. */
  outOf?: string;
  percent: boolean;
  /** "100% kế hoạch", "105% so với cùng kỳ": a share of a plan or of a past figure, not the indicator's value. */
  relative?: boolean;
  /** Đồng per typed unit, when a money word followed ("tỷ" → 10⁹). */
  dongPerUnit?: number;
  /** "11 tỷ 500 triệu": the smaller part, added to the first. */
  moreMoney?: { number: string; dongPerUnit: number };
  /** Count words after it ("người", "doanh nghiệp") or words of an item's name. */
  countWords: string[];
  /** "hạng 17", "thứ 17". */
  rankWord: boolean;
  /** "mức 6", "TRL 6". */
  levelWord: boolean;
  /** A sign typed before it ("-5", "+3"). */
  sign?: "-" | "+";
  /** Markup or an operator right beside it ("<b>72", "72-", "`72`"): not a figure as typed. */
  oddNeighbour?: boolean;
}

/** Symbols that make the digits beside them part of something else than a figure: markup, code, arithmetic. */
const ODD_NEIGHBOURS = new Set(["<", ">", "{", "}", "[", "]", "`", "$", "\\", "^", "*", "~", "_", "-", "–", "—", "+", "×", "÷", "@", "&", "'", "’", "|"]);

/**
 * The figures in a message's tokens, each with its surroundings: an approximation word before it,
 * a range or "/ N" after it, then a percent sign, a money scale or count words. `nameWords` are
 * words the caller accepts as count words too (those of the person's item names).
 */
export function findFigures(tokens: readonly Token[], nameWords?: ReadonlySet<string>): FoundFigure[] {
  const figures: FoundFigure[] = [];
  let i = 0;
  while (i < tokens.length) {
    const t = tokens[i]!;
    if (t.kind !== "number") {
      i++;
      continue;
    }
    const start = figureStart(tokens, i);
    const f: FoundFigure = { start: start.index, end: i + 1, at: i, number: t.key, approximate: start.approximate, percent: false, countWords: [], rankWord: start.rank, levelWord: start.level };
    if (start.sign) f.sign = start.sign;
    let j = i + 1;
    const next = tokens[j];
    const after = tokens[j + 1];
    if (next && after?.kind === "number" && ((next.kind === "symbol" && next.key === "/") || (OUT_OF_WORDS.has(next.key) && (f.rankWord || matchAt(tokens, j + 2, RANKED_AFTER) > 0)))) {
      // "17/34", "hạng 22 trên 34 tỉnh": a place out of a number of places.
      f.outOf = after.key;
      j += 2;
      j += matchAt(tokens, j, RANKED_AFTER);
    } else if (next && after?.kind === "number" && RANGE_JOINERS.has(next.key)) {
      f.rangeTo = after.key;
      j += 2;
    } else if (next?.kind === "symbol" && next.key === "+" && !(after?.kind === "number")) {
      f.approximate = true;
      j += 1;
    }
    const percent = matchAt(tokens, j, PERCENT_AFTER);
    if (percent) {
      f.percent = true;
      j += percent;
      const relative = matchAt(tokens, j, RELATIVE_AFTER);
      if (relative) {
        f.relative = true;
        j += relative;
      }
    } else {
      const money = moneyAt(tokens, j);
      if (money) {
        f.dongPerUnit = money.dong;
        j += money.words.length;
        // "11 tỷ 500 triệu", "2 tỷ 300 triệu đồng": one amount in two scales.
        const more = tokens[j]?.kind === "number" ? moneyAt(tokens, j + 1) : undefined;
        if (more && more.dong < money.dong && more.dong > 1) {
          f.moreMoney = { number: tokens[j]!.key, dongPerUnit: more.dong };
          j += 1 + more.words.length;
        }
      } else {
        for (;;) {
          const unit = matchAt(tokens, j, COUNT_UNITS);
          if (unit) {
            for (let k = 0; k < unit; k++) f.countWords.push(tokens[j + k]!.key);
            j += unit;
            continue;
          }
          const word = tokens[j];
          if (word?.kind === "word" && f.countWords.length > 0 && nameWords?.has(word.key)) {
            f.countWords.push(word.key);
            j++;
            continue;
          }
          break;
        }
      }
    }
    f.end = j;
    const left = tokens[f.start - 1];
    const right = tokens[j];
    const first = tokens[f.start];
    // ".5" and ",5" are not 5; "SUM(70" and "alert(72" are code, not a figure in brackets.
    const gluedLeft = left?.kind === "symbol" && first?.glued === true && (left.key === "." || left.key === "," || (left.key === "(" && left.glued === true && tokens[f.start - 2]?.kind === "word"));
    if ((left?.kind === "symbol" && ODD_NEIGHBOURS.has(left.key)) || gluedLeft || (right?.kind === "symbol" && (ODD_NEIGHBOURS.has(right.key) || right.key === "?"))) {
      f.oddNeighbour = true;
    }
    figures.push(f);
    i = j;
  }
  return figures;
}

function figureStart(tokens: readonly Token[], i: number): { index: number; approximate: boolean; rank: boolean; level: boolean; sign?: "-" | "+" } {
  let index = i;
  let sign: "-" | "+" | undefined;
  const prev = tokens[index - 1];
  if (prev?.kind === "symbol" && (prev.key === "-" || prev.key === "−" || prev.key === "+")) {
    const before = tokens[index - 2];
    // "90-95" is a range, found from its first number; a sign follows a space, a word or nothing,
    // and touches the number ("-5"; "IV.6 - 130" is a separator).
    if ((!before || before.kind !== "number") && tokens[index]!.glued === true) {
      sign = prev.key === "+" ? "+" : "-";
      index--;
    }
  }
  let approximate = false;
  let rank = false;
  let level = false;
  for (;;) {
    const before = tokens[index - 1];
    if (!before) break;
    const approx = APPROXIMATE_BEFORE.find((w) => matchWords(tokens, index - w.length, w));
    if (approx) {
      approximate = true;
      index -= approx.length;
      continue;
    }
    const rankWords = !rank && !level ? RANK_BEFORE.find((w) => matchWords(tokens, index - w.length, w)) : undefined;
    if (rankWords) {
      rank = true;
      index -= rankWords.length;
      continue;
    }
    const levelWords = !rank && !level ? LEVEL_BEFORE.find((w) => matchWords(tokens, index - w.length, w)) : undefined;
    if (levelWords) {
      level = true;
      index -= levelWords.length;
      continue;
    }
    break;
  }
  return sign ? { index, approximate, rank, level, sign } : { index, approximate, rank, level };
}

/** A money scale at tokens[j], longest first; "tỷ lệ", "tỷ trọng" are none. */
function moneyAt(tokens: readonly Token[], j: number): (typeof MONEY_SCALES)[number] | undefined {
  const money = MONEY_SCALES.find((m) => matchWords(tokens, j, m.words));
  if (money && (money.words[0] === "ty" || money.words[0] === "ti") && money.words.length === 1 && NOT_MONEY_AFTER_TY.has(tokens[j + 1]?.key ?? "")) return undefined;
  return money;
}

/** The length of the first of these word sequences that starts at tokens[j], else 0. */
function matchAt(tokens: readonly Token[], j: number, options: readonly (readonly string[])[]): number {
  let best = 0;
  for (const words of options) if (words.length > best && matchWords(tokens, j, words)) best = words.length;
  return best;
}

function matchWords(tokens: readonly Token[], j: number, words: readonly string[]): boolean {
  if (j < 0) return false;
  return words.every((w, k) => tokens[j + k]?.key === w);
}
