import { APPROXIMATE_BEFORE, COUNT_UNITS, LEVEL_BEFORE, MONEY_SCALES, PERCENT_AFTER, RANGE_JOINERS, RANK_BEFORE } from "./figure-words.ts";
import type { Token } from "./tokenize-message.ts";

/** A figure found in a message, with what was written around it. Positions are token indexes, end exclusive. */
export interface FoundFigure {
  start: number;
  end: number;
  /** The number as typed ("45,6", "1.500"). */
  number: string;
  /** "khoảng", "tầm", "trên"…: an estimate or a bound, not a measured figure. */
  approximate: boolean;
  /** "90–95", "90 đến 95": the second number. */
  rangeTo?: string;
  /** "17/34": out of. */
  outOf?: string;
  percent: boolean;
  /** Đồng per typed unit, when a money word followed ("tỷ" → 10⁹). */
  dongPerUnit?: number;
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
    const f: FoundFigure = { start: start.index, end: i + 1, number: t.key, approximate: start.approximate, percent: false, countWords: [], rankWord: start.rank, levelWord: start.level };
    if (start.sign) f.sign = start.sign;
    let j = i + 1;
    const next = tokens[j];
    const after = tokens[j + 1];
    if (next && after?.kind === "number" && next.kind === "symbol" && next.key === "/") {
      f.outOf = after.key;
      j += 2;
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
    } else {
      const money = MONEY_SCALES.find((m) => matchWords(tokens, j, m.words));
      if (money) {
        f.dongPerUnit = money.dong;
        j += money.words.length;
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
    // "90-95" is a range, found from its first number; a sign follows a space, a word or nothing.
    if (!before || before.kind !== "number") {
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
    if (RANK_BEFORE.has(before.key) && !rank && !level) {
      rank = true;
      index--;
      continue;
    }
    if (LEVEL_BEFORE.has(before.key) && !rank && !level) {
      level = true;
      index--;
      continue;
    }
    break;
  }
  return sign ? { index, approximate, rank, level, sign } : { index, approximate, rank, level };
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
