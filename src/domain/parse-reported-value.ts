import { DEFAULT_MONEY_UNIT, FILLER } from "./figure-words.ts";
import { findFigures, type FoundFigure } from "./find-figures.ts";
import { hostileCharacters, readTypedNumber, type TypedNumberError } from "./read-typed-number.ts";
import { searchKey } from "./search-key.ts";
import { tokenizeMessage } from "./tokenize-message.ts";
import type { ValueKind } from "./types.ts";
import { VN_NUMBER_MAX_LENGTH } from "./vn-number.ts";

export const MAX_TEXT_VALUE_LENGTH = 500;

export type ReportedValue =
  | { ok: true; valueNumber: number; valueText: null; outOf?: number }
  | { ok: true; valueNumber: null; valueText: string }
  | { ok: false; error: ReportedValueError };

/** Each error names a message (value.error.<error>) that says what was expected, with an example. */
export type ReportedValueError =
  | "empty"
  | "not_a_number"
  | "percent_out_of_range"
  | "not_whole"
  | "negative"
  | "has_comparator"
  | "percent_for_count"
  | "rank_invalid"
  | "text_too_long"
  | TypedNumberError
  | "approximate"
  | "range"
  | "unit_mismatch"
  | "level_invalid"
  | "relative_to_plan"
  | "several_figures";

/** What the reader knows of the indicator besides its kind: its name (levels, averages) and unit (money). */
export interface IndicatorHints {
  name?: string;
  unitOfMeasure?: string | null;
}

/** Counts beyond this are not a province's; money beyond this (in the indicator's unit) neither. */
export const MAX_COUNT = 1e12;
export const MAX_MONEY = 1e15;

/**
 * Reads a figure a person typed for an indicator of the given kind: percent 0–100 ("72", "72%",
 * "72,5", "72 phần trăm"); count, a whole number ("1.500", "650 người"), decimals for an average
 * ("Số lượt trích dẫn trung bình": "3,4"); a level 1–9 for a readiness level (TRL: "mức 6");
 * score ("0,73"); rank ("17/34", "hạng 17"); money in the indicator's unit, a scale word
 * converting ("45,6 tỷ" = 45.600 for an indicator in triệu đồng); text for qualitative indicators.
 * Numbers follow readTypedNumber's one rule. Estimates and ranges ("khoảng 70", "90–95") are
 * refused: a report is a measured figure.
 */
export function parseReportedValue(input: string, kind: ValueKind, hints: IndicatorHints = {}): ReportedValue {
  const hostile = hostileCharacters(input);
  if (hostile) return { ok: false, error: hostile };
  // Not cleanCellText: markup typed in a chat is shown as typed, so "<b>72</b>" is not a figure.
  // Paired "*" around the whole figure are chat emphasis ("*72*"), not arithmetic.
  const text = input
    .normalize("NFKC")
    .replace(/[\u200B-\u200D\u2060\uFEFF\u00AD]/g, "")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(\*{1,2})([^*]+)\1$/, "$2");
  if (text === "") return { ok: false, error: "empty" };
  if (EXPRESSION.test(text)) return { ok: false, error: "expression" };
  const level = isLevelIndicator(hints.name);
  if (kind === "text" && !level) {
    return text.length > MAX_TEXT_VALUE_LENGTH ? { ok: false, error: "text_too_long" } : { ok: true, valueNumber: null, valueText: text };
  }
  if (text.length > VN_NUMBER_MAX_LENGTH) return { ok: false, error: "not_a_number" };
  if (/^(>=|=>|<=|=<|[≥≧⩾≤≦⩽><])\s*\d/.test(text)) return { ok: false, error: "has_comparator" };
  const whole = /^([+\-−]?)\s*(\d{1,3}(?: \d{3})+(?:,\d+)?)\s*(%?)$/.exec(text);
  const tokens = tokenizeMessage(whole ? `${whole[1]}${whole[2]!.replace(/ /g, "")}${whole[3]}` : text);
  const figures = findFigures(tokens, nameWordsOf(hints.name));
  if (figures.length === 0) return { ok: false, error: kind === "rank" ? "rank_invalid" : "not_a_number" };
  if (figures.length > 1) return { ok: false, error: "several_figures" };
  const figure = figures[0]!;
  const outside = [...tokens.slice(0, figure.start), ...tokens.slice(figure.end)];
  // "TRL 7" for a readiness level: the name of the scale, not another word.
  if (outside.some((t) => !(t.kind === "word" && (FILLER.has(t.key) || (level && t.key === "trl"))) && !(t.kind === "symbol" && /^[.!:=]$/.test(t.key)))) {
    return { ok: false, error: kind === "rank" ? "rank_invalid" : "not_a_number" };
  }
  return figureValue(figure, level ? "level" : kind, hints);
}

/**
 * The value of one figure found in a message for an indicator of this kind ("level" for a
 * readiness level), with the checks of parseReportedValue.
 */
export function figureValue(f: FoundFigure, kind: ValueKind | "level", hints: IndicatorHints = {}): ReportedValue {
  if (f.oddNeighbour) return { ok: false, error: "not_a_number" };
  if (f.approximate) return { ok: false, error: "approximate" };
  if (f.relative) return { ok: false, error: "relative_to_plan" };
  if (f.rangeTo !== undefined) return { ok: false, error: "range" };
  const n = readTypedNumber(f.number);
  if (!n.ok) return { ok: false, error: n.error };
  if (f.sign === "-" && n.value !== 0) return { ok: false, error: "negative" };
  const value = n.value;
  switch (kind) {
    case "level":
      if (f.percent || f.dongPerUnit !== undefined || f.outOf !== undefined || !Number.isInteger(value) || value < 1 || value > 9) return { ok: false, error: "level_invalid" };
      return { ok: true, valueNumber: value, valueText: null };
    case "rank": {
      if (f.percent || f.dongPerUnit !== undefined || !Number.isInteger(value) || value < 1 || value > 999) return { ok: false, error: "rank_invalid" };
      if (f.outOf === undefined) return { ok: true, valueNumber: value, valueText: null };
      const outOf = Number(f.outOf);
      if (!/^\d{1,3}$/.test(f.outOf) || value > outOf) return { ok: false, error: "rank_invalid" };
      return { ok: true, valueNumber: value, valueText: null, outOf };
    }
    case "text":
      return { ok: false, error: "not_a_number" };
  }
  if (f.outOf !== undefined || f.rankWord || f.levelWord) return { ok: false, error: "not_a_number" };
  switch (kind) {
    case "percent":
      if (f.dongPerUnit !== undefined || f.countWords.length > 0) return { ok: false, error: "unit_mismatch" };
      if (value > 100) return { ok: false, error: "percent_out_of_range" };
      return { ok: true, valueNumber: value, valueText: null };
    case "count":
      if (f.percent) return { ok: false, error: "percent_for_count" };
      if (f.dongPerUnit !== undefined) return { ok: false, error: "unit_mismatch" };
      if (!Number.isInteger(value) && !isAverage(hints.name)) return { ok: false, error: "not_whole" };
      if (value > MAX_COUNT) return { ok: false, error: "too_large" };
      return { ok: true, valueNumber: value, valueText: null };
    case "score":
      if (f.percent) return { ok: false, error: "percent_for_count" };
      if (f.dongPerUnit !== undefined) return { ok: false, error: "unit_mismatch" };
      if (value > MAX_COUNT) return { ok: false, error: "too_large" };
      return { ok: true, valueNumber: value, valueText: null };
    case "money": {
      if (f.percent) return { ok: false, error: "percent_for_count" };
      if (f.countWords.length > 0) return { ok: false, error: "unit_mismatch" };
      let converted = f.dongPerUnit === undefined ? value : convertMoney(value, f.dongPerUnit, hints.unitOfMeasure);
      if (f.moreMoney && converted !== undefined) {
        // "11 tỷ 500 triệu": the smaller part is a whole number below one of the larger unit.
        const more = readTypedNumber(f.moreMoney.number);
        const part = more.ok ? convertMoney(more.value, f.moreMoney.dongPerUnit, hints.unitOfMeasure) : undefined;
        if (!more.ok || part === undefined || !Number.isInteger(more.value) || more.value * f.moreMoney.dongPerUnit >= (f.dongPerUnit ?? 1)) return { ok: false, error: "not_a_number" };
        converted = Math.round((converted + part) * 1e6) / 1e6;
      }
      if (converted === undefined) return { ok: false, error: "unit_mismatch" };
      if (converted > MAX_MONEY) return { ok: false, error: "too_large" };
      return { ok: true, valueNumber: converted, valueText: null };
    }
  }
}

/** "7*7", "1+2", "2^10", "10x5": arithmetic is refused, never worked out or read as digits side by side. */
const EXPRESSION = /\d\s*[*×÷^+=]\s*\d|\d\s*x\s*\d+(?![\p{L}\d])|\d\s*[*×÷^]|[*×÷^]\s*\d/u;

/** "Mức độ sẵn sàng công nghệ (Technology Readiness Level - TRL)": reported as a level 1–9. */
export function isLevelIndicator(name: string | undefined): boolean {
  return name !== undefined && /\b(trl|readiness level|muc do san sang cong nghe)\b/.test(searchKey(name));
}

/**
 * "Số lượt trích dẫn trung bình", "Mức kinh phí bình quân": an average takes decimals; so does a
 * count per so many people ("nhân lực … (FTE)/10.000 dân", "trên 1.000 dân").
 */
export function isAverage(name: string | undefined): boolean {
  if (name === undefined) return false;
  const key = searchKey(name);
  return /\b(trung binh|binh quan|average)\b/.test(key) || /(\/|\btren|\bper)\s*[\d.]+\s*(dan|nguoi|dan so|lao dong|km2?|ha)\b/.test(key);
}

/** Money typed with a scale, in the indicator's unit (triệu đồng when it names none); undefined for a foreign currency. */
function convertMoney(value: number, dongPerUnit: number, unitOfMeasure: string | null | undefined): number | undefined {
  const unit = searchKey(unitOfMeasure ?? DEFAULT_MONEY_UNIT);
  const scale = /\b(usd|\$)\b/.test(unit) ? undefined : /\bty\b/.test(unit) ? 1e9 : /\b(trieu|trd)\b/.test(unit) ? 1e6 : /\b(nghin|ngan)\b/.test(unit) ? 1e3 : 1;
  if (scale === undefined) return undefined;
  return Math.round(((value * dongPerUnit) / scale) * 1e6) / 1e6;
}

function nameWordsOf(name: string | undefined): ReadonlySet<string> | undefined {
  if (!name) return undefined;
  return new Set(tokenizeMessage(name).filter((t) => t.kind === "word").map((t) => t.key));
}

/**
 * True when a figure is far from what was expected, so the person is asked to confirm it:
 * more than 30 points from the previous percentage or 50 points from a percentage target, more than
 * double or less than half a previous count, or more than ten times the target (or under a tenth of it).
 */
export function isUnusualValue(value: number, kind: ValueKind, previous: number | null, target: number | null): boolean {
  if (previous !== null) {
    if (kind === "percent") {
      if (Math.abs(value - previous) > 30) return true;
    } else if (previous > 0 && (value > previous * 2 + 1 || value < previous / 2 - 1)) return true;
  }
  if (target !== null && kind === "percent" && Math.abs(value - target) > 50) return true;
  if (target !== null && target > 0 && kind !== "percent" && kind !== "rank") {
    if (value > target * 10 || (value > 0 && value < target / 10)) return true;
  }
  return false;
}
