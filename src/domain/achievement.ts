import { cleanCellText } from "./clean-cell-text.ts";
import { searchKey, stripDiacritics } from "./search-key.ts";
import type { Achievement, Target } from "./types.ts";
import { parseVnNumber } from "./vn-number.ts";

/** Float noise ("0.73 - 0.7 = 0.030000000000000027") must not decide "met" or reach a screen. */
const EPSILON = 1e-9;

/**
 * Compares a reported value with one target.
 *
 * - margin is signed so that > 0 means better than needed: value - threshold for "at least",
 *   threshold - value for "at most", target rank - achieved rank for ranks, the distance to the
 *   nearer bound for ranges (negative outside), and minus the deviation for "exact".
 * - ratio is value / threshold for at_least, at_most and exact when the threshold is not 0 (for
 *   "at most" a ratio above 1 is worse); ranges and ranks have none.
 * - A text value is read as a Vietnamese number ("72,5%"); a "%" on a value for a non-percent
 *   target is a unit mismatch, while a bare number for a percent target is taken as percent.
 *   The returned value is the number compared when one was read, else the value as given.
 * - Ranks accept 17, "17", "17/34" or "hạng 17"; "17/63" against "20/34" is a unit mismatch.
 * - Qualitative targets are "na" unless the text equals the target text ignoring case and
 *   diacritics, or the target names a top-N group and the value is a rank.
 */
export function achievement(target: Target, value: number | string): Achievement {
  switch (target.kind) {
    case "qualitative": {
      if (target.topN !== undefined) {
        const rank = readRank(value);
        if (rank.ok) return rankResult(target, rank.rank, target.topN);
      }
      if (typeof value === "string" && searchKey(value) !== "" && searchKey(value) === searchKey(target.text)) {
        return { status: "met", target, value };
      }
      return { status: "na", target, value, reason: "qualitative" };
    }
    case "rank": {
      const rank = readRank(value);
      if (!rank.ok) return { status: "na", target, value, reason: "not_a_number" };
      if (rank.outOf !== undefined && rank.outOf !== target.outOf) return { status: "na", target, value, reason: "unit_mismatch" };
      return rankResult(target, rank.rank, target.rank);
    }
    case "at_least":
    case "at_most":
    case "range":
    case "exact": {
      const read = readNumber(value, target.percent);
      if (!read.ok) return { status: "na", target, value, reason: read.reason };
      return compare(target, read.value);
    }
  }
}

type NumericTarget = Extract<Target, { kind: "at_least" | "at_most" | "range" | "exact" }>;

function compare(target: NumericTarget, v: number): Achievement {
  let met: boolean;
  let margin: number;
  let threshold: number | undefined;
  switch (target.kind) {
    case "at_least":
      margin = v - target.value;
      met = target.strict ? margin > EPSILON : margin >= -EPSILON;
      threshold = target.value;
      break;
    case "at_most":
      margin = target.value - v;
      met = target.strict ? margin > EPSILON : margin >= -EPSILON;
      threshold = target.value;
      break;
    case "range":
      margin = Math.min(v - target.min, target.max - v);
      met = margin >= -EPSILON;
      break;
    case "exact":
      margin = -Math.abs(v - target.value);
      met = margin >= -EPSILON;
      threshold = target.value;
      break;
  }
  const result = { target, value: v, margin: tidy(margin) } as const;
  const ratio = threshold === undefined || threshold === 0 ? undefined : tidy(v / threshold);
  const withRatio = ratio === undefined ? result : { ...result, ratio };
  return met ? { status: "met", ...withRatio } : { status: "not_met", ...withRatio };
}

function rankResult(target: Target, achieved: number, needed: number): Achievement {
  const margin = needed - achieved;
  return margin >= 0 ? { status: "met", target, value: achieved, margin } : { status: "not_met", target, value: achieved, margin };
}

type ReadNumber = { ok: true; value: number } | { ok: false; reason: "not_a_number" | "unit_mismatch" };

function readNumber(value: number | string, targetIsPercent: boolean): ReadNumber {
  if (typeof value === "number") return Number.isFinite(value) ? { ok: true, value } : { ok: false, reason: "not_a_number" };
  const n = parseVnNumber(value);
  if (!n.ok || n.comparator) return { ok: false, reason: "not_a_number" };
  if (n.percent && !targetIsPercent) return { ok: false, reason: "unit_mismatch" };
  return { ok: true, value: n.value };
}

type ReadRank = { ok: true; rank: number; outOf?: number } | { ok: false };

function readRank(value: number | string): ReadRank {
  if (typeof value === "number") return Number.isInteger(value) && value >= 1 ? { ok: true, rank: value } : { ok: false };
  const plain = stripDiacritics(cleanCellText(value)).toLowerCase();
  const m = /^(?:xep\s+)?(?:hang|thu)?\s*(\d{1,3})(?:\s*\/\s*(\d{1,3}))?$/.exec(plain);
  if (!m) return { ok: false };
  const rank = Number(m[1]);
  if (rank < 1) return { ok: false };
  return m[2] === undefined ? { ok: true, rank } : { ok: true, rank, outOf: Number(m[2]) };
}

/** Nine decimals, and never -0 (which would fail equality in callers' checks). */
function tidy(x: number): number {
  return Number(x.toFixed(9)) + 0;
}
