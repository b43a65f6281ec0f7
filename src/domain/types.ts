/**
 * Shared domain types. Pure data: no I/O anywhere under src/domain.
 * Every parsed form keeps the raw text it came from.
 */

export type Comparator = ">=" | "<=" | ">" | "<" | "=";

/** A number as Vietnamese officials write it: "1.500", "2,5", "1.234,5", "≥ 0,73", "72%". */
export type VnNumber =
  | { ok: true; value: number; percent: boolean; comparator?: Comparator }
  | { ok: false; error: VnNumberError; input: string };

export type VnNumberError = "empty" | "not_a_number" | "ambiguous" | "too_long";

/** Which way is better. "range" = inside [min, max]; "exact" = equal. */
export type Direction = "higher" | "lower" | "range" | "exact" | "none";

export type Target =
  | { kind: "at_least"; raw: string; value: number; percent: boolean; strict: boolean }
  | { kind: "at_most"; raw: string; value: number; percent: boolean; strict: boolean }
  | { kind: "range"; raw: string; min: number; max: number; percent: boolean }
  | { kind: "exact"; raw: string; value: number; percent: boolean }
  /** "20/34": rank 20 out of 34 provinces; lower is better. */
  | { kind: "rank"; raw: string; rank: number; outOf: number }
  /**
   * "Nhóm 15 tỉnh đứng đầu", "Có ứng dụng": reported as text / done-not-done.
   * topN: set for "Nhóm N tỉnh đứng đầu/dẫn đầu" (top-N group): a reported rank <= topN meets it.
   */
  | { kind: "qualitative"; raw: string; text: string; topN?: number };

export type TargetKind = Target["kind"];

export type Achievement =
  | { status: "met"; target: Target; value: number | string; /** value - threshold, signed so that >0 means better than needed */ margin?: number; ratio?: number }
  | { status: "not_met"; target: Target; value: number | string; margin?: number; ratio?: number }
  | { status: "na"; target: Target; value: number | string; reason: "qualitative" | "not_a_number" | "unit_mismatch" };

/** A calendar date in Asia/Ho_Chi_Minh, "YYYY-MM-DD". */
export type LocalDate = string;

export type Deadline =
  /** "05/12/2026", "trước ngày 31/3/2026" */
  | { kind: "date"; raw: string; date: LocalDate; dueAt: string }
  /** "Phấn đấu hoàn thành trong tháng 12/2025" */
  | { kind: "month"; raw: string; year: number; month: number; dueAt: string }
  /** "Quý II/2026" */
  | { kind: "quarter"; raw: string; year: number; quarter: 1 | 2 | 3 | 4; dueAt: string }
  /** "Hoàn thành trong năm 2025 (và duy trì thực hiện thường xuyên)" */
  | { kind: "year"; raw: string; year: number; dueAt: string; thenContinuous: boolean }
  /**
   * "trước 16h00 ngày 25 hàng tháng". Due at hour:minute:second local time; a rule without a time
   * of day is due at 23:59:59 like a dated deadline. A day past the month's end means its last day.
   */
  | { kind: "recurring"; raw: string; frequency: "monthly"; day: number; hour: number; minute: number; second?: number }
  /** "trước ngày 05/12 hằng năm" */
  | { kind: "recurring"; raw: string; frequency: "yearly"; month: number; day: number; hour: number; minute: number; second?: number }
  /** "Thường xuyên" */
  | { kind: "continuous"; raw: string }
  /** "Thực hiện theo hướng dẫn của Trung ương", "" */
  | { kind: "none"; raw: string };

export type DeadlineKind = Deadline["kind"];

export const unitKinds = ["department", "commune", "office", "agency", "enterprise_group"] as const;
export type UnitKind = (typeof unitKinds)[number];

/** One name taken out of a unit list cell. */
export type UnitMention =
  /** A concrete unit: canonical display name and its diacritic-insensitive key. */
  | { type: "unit"; raw: string; name: string; key: string }
  /** A generic group ("Các sở, ban, ngành, địa phương"): every unit of these kinds. */
  | { type: "group"; raw: string; label: string; kinds: UnitKind[] };

export type ValueKind = "percent" | "count" | "score" | "rank" | "money" | "text";
