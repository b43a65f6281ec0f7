import type { ValueKind } from "./types.ts";
import { parseVnNumber } from "./vn-number.ts";
import { cleanCellText } from "./clean-cell-text.ts";

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
  | "text_too_long";

/**
 * Reads a figure a person typed for an indicator of the given kind:
 * percent 0–100 ("72", "72%", "72,5"); count, a whole number ("1.500"); score ("0,73");
 * rank ("17/34" or "17"); money (a number ≥ 0); text for qualitative indicators.
 */
export function parseReportedValue(input: string, kind: ValueKind): ReportedValue {
  const text = cleanCellText(input);
  if (text === "") return { ok: false, error: "empty" };
  if (kind === "text") {
    return text.length > MAX_TEXT_VALUE_LENGTH ? { ok: false, error: "text_too_long" } : { ok: true, valueNumber: null, valueText: text };
  }
  if (kind === "rank") {
    const m = /^(?:hang|hạng|rank|#)?\s*(\d{1,3})\s*(?:\/\s*(\d{1,3}))?$/i.exec(text);
    if (!m) return { ok: false, error: "rank_invalid" };
    const rank = Number(m[1]);
    const outOf = m[2] === undefined ? undefined : Number(m[2]);
    if (rank < 1 || (outOf !== undefined && rank > outOf)) return { ok: false, error: "rank_invalid" };
    return outOf === undefined ? { ok: true, valueNumber: rank, valueText: null } : { ok: true, valueNumber: rank, valueText: null, outOf };
  }
  const n = parseVnNumber(text);
  if (!n.ok) return { ok: false, error: n.error === "empty" ? "empty" : "not_a_number" };
  if (n.comparator) return { ok: false, error: "has_comparator" };
  if (n.value < 0) return { ok: false, error: "negative" };
  switch (kind) {
    case "percent":
      if (n.value > 100) return { ok: false, error: "percent_out_of_range" };
      return { ok: true, valueNumber: n.value, valueText: null };
    case "count":
      if (n.percent) return { ok: false, error: "percent_for_count" };
      if (!Number.isInteger(n.value)) return { ok: false, error: "not_whole" };
      return { ok: true, valueNumber: n.value, valueText: null };
    case "score":
    case "money":
      if (n.percent) return { ok: false, error: "percent_for_count" };
      return { ok: true, valueNumber: n.value, valueText: null };
  }
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
