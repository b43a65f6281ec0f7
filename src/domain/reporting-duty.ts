import type { PeriodStatus } from "./reporting-period.ts";

/**
 * Which unit owes what, and from when it is chased: the one rule the chat's lists and views, the
 * reminder tick, the read model (and so the summaries, the read API and the exports) and the
 * "not reported" broadcast audience follow (src/services/reporting-duty.ts reads the facts once and
 * applies it).
 *
 * - A unit owes reports unless it is outside the province (`external`: a ministry a plan names as
 *   lead or monitoring body) or deactivated. A unit that owes nothing has no expected figures, is in
 *   no completeness or timeliness denominator, no overdue list, no reminder and no escalation; the
 *   plan's own text (its lead and monitoring columns) still names it.
 * - A period whose deadline is before the plan's "track from" date (else the province's) is not
 *   expected, never overdue, reminded or escalated; a figure may still be sent for it.
 */

export interface UnitStanding {
  external: boolean;
  deactivatedAt: Date | null;
}

/** Whether a unit owes reports at all. */
export function unitOwesReports(unit: UnitStanding): boolean {
  return !unit.external && unit.deactivatedAt === null;
}

/** A plan's own "track from", else the province's, else none. */
export function effectiveTrackFrom(planTrackFrom: Date | null | undefined, provinceTrackFrom: Date | null | undefined): Date | null {
  return planTrackFrom ?? provinceTrackFrom ?? null;
}

/** Whether a period with this deadline is chased (expected, can be overdue, reminded, escalated). */
export function isTracked(dueAt: Date, trackFrom: Date | null): boolean {
  return trackFrom === null || dueAt.getTime() >= trackFrom.getTime();
}

/**
 * A period's status as the chat shows it, under the track-from rule: an unreported period due before
 * tracking started is "untracked" — never overdue or due soon — and may still be reported.
 */
export function trackedStatus(status: PeriodStatus, dueAt: Date, trackFrom: Date | null): PeriodStatus {
  if (status === "reported_on_time" || status === "reported_late") return status;
  return isTracked(dueAt, trackFrom) ? status : "untracked";
}
