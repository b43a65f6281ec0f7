/**
 * Which horizon each surviving target value of a PDF-text row belongs to.
 * The rule and the evidence behind it are explained at the top of parse-pdf-text-catalogue.ts.
 */
export type TargetPlacement =
  /** One value per horizon: the columns are certain. */
  | { kind: "complete"; years: number[] }
  /** Fewer values than horizons, placed from the first horizon (no blank before the first value). */
  | { kind: "from_first"; years: number[]; emptyYears: number[] }
  /** Fewer values than horizons, placed up to the last horizon (blank before, none after). */
  | { kind: "from_last"; years: number[]; emptyYears: number[] }
  /** The values cannot be tied to horizons; they are kept aside for a reviewer. */
  | { kind: "unplaced"; reason: "blank_on_both_sides" | "blank_after_unknown" | "more_values_than_horizons" | "no_horizons" };

export interface BlankEvidence {
  /** A blank wide enough to have held an empty cell sits before the first value. */
  blankBefore: boolean;
  /** ... and after the last value; undefined when the text cannot show it (line-end blanks were trimmed). */
  blankAfter: boolean | undefined;
}

export function placeTargets(valueCount: number, horizons: readonly number[], evidence: BlankEvidence): TargetPlacement {
  const n = horizons.length;
  if (n === 0) return { kind: "unplaced", reason: "no_horizons" };
  if (valueCount > n) return { kind: "unplaced", reason: "more_values_than_horizons" };
  if (valueCount === n) return { kind: "complete", years: [...horizons] };
  if (!evidence.blankBefore) {
    return { kind: "from_first", years: horizons.slice(0, valueCount), emptyYears: horizons.slice(valueCount) };
  }
  if (evidence.blankAfter === false) {
    return { kind: "from_last", years: horizons.slice(n - valueCount), emptyYears: horizons.slice(0, n - valueCount) };
  }
  return { kind: "unplaced", reason: evidence.blankAfter ? "blank_on_both_sides" : "blank_after_unknown" };
}
