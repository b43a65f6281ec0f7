/**
 * The run of target values on one line of PDF text, with the blank space around it.
 *
 * PDF extraction writes a table row's cells one after another, separated by spaces; an empty cell
 * leaves nothing but a little extra space. So a target run is a maximal sequence of target-looking
 * words ("≥ 20%", "2-3%", "50 - 60", "20/34", "≥ 1.500", "15"), and the spaces just before and
 * after it are the only trace of the empty cells around it.
 */
export interface TargetRun {
  /** The values as printed, inner spaces collapsed: "≥ 1.500", "50 - 60". */
  tokens: string[];
  /** Text before the run (the end of the indicator name), untrimmed. */
  before: string;
  /** Text after the run (a unit cell, or part of one), untrimmed. */
  after: string;
  /**
   * Blank before the first value beyond the usual separator, counted in separators (the narrowest
   * blank between two values of this run, since some lines use two spaces throughout).
   */
  extraBlankBefore: number;
  /** The same after the last value. */
  extraBlankAfter: number;
  /** Nothing but blanks follows the run, so the blank after it is only there if the text kept line-end blanks. */
  endsLine: boolean;
}

/**
 * Finds the target run on `line`, ignoring the first `fromWord` words (the row number).
 * Numbers that belong to the name ("trên 01 vạn dân", "sau 12 tháng", "năm 2025") are not a run:
 * a lone value must end the line, follow a finished sentence, or be followed by a unit's name,
 * and no value follows a word that asks for a number. Of several runs, the longest (then the last)
 * wins: the targets come after the name.
 */
export function findTargetRun(line: string, fromWord = 0, isUnitStart: (text: string) => boolean = () => false): TargetRun | undefined {
  const words = [...line.matchAll(/\S+/g)].map((m) => ({ text: m[0], start: m.index, end: m.index + m[0].length }));
  const texts = words.map((w) => w.text);
  const runs: { first: number; last: number; tokens: string[]; tokenStarts: number[] }[] = [];
  let i = fromWord;
  while (i < words.length) {
    const end = tokenEnd(texts, i);
    if (end === undefined) {
      i++;
      continue;
    }
    const run = { first: i, last: end - 1, tokens: [] as string[], tokenStarts: [] as number[] };
    let j = i;
    let next: number | undefined = end;
    while (next !== undefined) {
      run.tokens.push(line.slice(at(words, j).start, at(words, next - 1).end).replace(/\s+/g, " "));
      run.tokenStarts.push(j);
      run.last = next - 1;
      j = next;
      next = tokenEnd(texts, j);
    }
    runs.push(run);
    i = j;
  }

  const accepted = runs.filter((run) => {
    const before = run.first > fromWord ? line.slice(at(words, fromWord).start, at(words, run.first).start).trim() : "";
    const after = run.last + 1 < words.length ? line.slice(at(words, run.last + 1).start).trim() : "";
    const previousWord = run.first > fromWord ? at(words, run.first - 1).text : "";
    if (NUMBER_TAKING_WORDS.has(previousWord.toLowerCase())) return false;
    return after === "" || run.tokens.length >= 2 || /[.)”"]$/u.test(before) || isUnitStart(after);
  });
  const best = accepted.reduce<(typeof accepted)[number] | undefined>(
    (chosen, run) => (!chosen || run.tokens.length >= chosen.tokens.length ? run : chosen),
    undefined,
  );
  if (!best) return undefined;

  const firstWord = at(words, best.first);
  const lastWord = at(words, best.last);
  const separators = best.tokenStarts.slice(1).map((w) => at(words, w).start - at(words, w - 1).end);
  const separator = Math.max(1, ...(separators.length > 0 ? [Math.min(...separators)] : []));
  // A value that opens its line has no separator before it: all of its indent is extra.
  const leadSpaces = best.first > 0 ? firstWord.start - at(words, best.first - 1).end - separator : firstWord.start;
  const trailSpaces = (best.last + 1 < words.length ? at(words, best.last + 1).start : line.length) - lastWord.end - separator;
  return {
    tokens: best.tokens,
    before: line.slice(fromWord < words.length ? at(words, fromWord).start : 0, firstWord.start),
    after: line.slice(lastWord.end),
    extraBlankBefore: Math.max(0, leadSpaces) / separator,
    extraBlankAfter: Math.max(0, trailSpaces) / separator,
    endsLine: best.last + 1 === words.length,
  };
}

/** Words after which a number is part of the name, not a target. */
const NUMBER_TAKING_WORDS = new Set(["trên", "dưới", "năm", "đoạn", "đến", "từ", "sau", "trước", "khoảng", "hơn", "tới", "top"]);

const COMPARATOR = /^(?:[≥≤<>]=?|>=|<=)$/u;
const NUMBER = /^(?:[≥≤<>]=?)?\d+(?:[.,]\d+)*%?$/u;
const BARE_NUMBER = /^\d+(?:[.,]\d+)*%?$/u;
const RANGE = /^\d+(?:[.,]\d+)*%?[-–]\d+(?:[.,]\d+)*%?$/u;
const RANK = /^\d+\/\d+$/u;

/** Index just past the target value starting at word `i`, or undefined when no value starts there. */
function tokenEnd(words: string[], i: number): number | undefined {
  let j = i;
  const hasComparator = COMPARATOR.test(words[j] ?? "");
  if (hasComparator) j++;
  const word = words[j];
  if (word === undefined) return undefined;
  if (RANK.test(word) || RANGE.test(word)) return hasComparator && RANK.test(word) ? undefined : j + 1;
  if (!(hasComparator ? BARE_NUMBER : NUMBER).test(word)) return undefined;
  j++;
  if (words[j] === "%" && !word.endsWith("%")) j++;
  const dash = words[j];
  const upper = words[j + 1];
  if (!hasComparator && (dash === "-" || dash === "–") && upper !== undefined && BARE_NUMBER.test(upper)) {
    j += 2;
    if (words[j] === "%" && !upper.endsWith("%")) j++;
  }
  return j;
}

function at<T>(items: T[], index: number): T {
  const item = items[index];
  if (item === undefined) throw new Error(`findTargetRun: word ${index} is out of range; this is a bug in the run scanner`);
  return item;
}
