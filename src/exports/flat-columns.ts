import type { StatusRow } from "../services/reporting-status.ts";
import { targetText } from "../chat/format.ts";
import type { ExportLabels } from "./export-labels.ts";
import { vnWallClock } from "./vn-wall-clock.ts";

/** A cell of an export; a link shows its text and opens its address. */
export type CellValue = string | number | Date | { text: string; hyperlink: string } | null;

/** What a column holds, for number formats and widths ("ratio": a fraction shown as a percentage). */
export type ColumnKind = "text" | "number" | "date" | "count" | "ratio";

export interface FlatColumn {
  key: string;
  kind: ColumnKind;
  value(row: StatusRow, ctx: FlatContext): CellValue;
}

export interface FlatContext {
  label: ExportLabels;
  planName(planId: number): string;
  sectionOf(row: StatusRow): string;
}

/** One row per (item, unit, period), for pivot tables: the flat sheet and the CSV have exactly these columns. */
export const flatColumns: FlatColumn[] = [
  { key: "plan", kind: "text", value: (r, c) => c.planName(r.planId) },
  { key: "section", kind: "text", value: (r, c) => c.sectionOf(r) },
  { key: "number", kind: "text", value: (r) => r.printedNumber ?? r.code },
  { key: "name", kind: "text", value: (r) => r.name },
  { key: "kind", kind: "text", value: (r, c) => c.label(`kind.${r.subjectType}`) },
  { key: "unit_of_measure", kind: "text", value: (r) => r.unitOfMeasure },
  { key: "unit", kind: "text", value: (r) => r.unitName },
  { key: "role", kind: "text", value: (r, c) => c.label(`role.${r.role ?? "none"}`) },
  { key: "period", kind: "text", value: (r, c) => c.label.period(r.periodKey) },
  { key: "due", kind: "date", value: (r) => (r.dueAt.getTime() > 8e15 ? null : vnWallClock(r.dueAt)) },
  { key: "expected", kind: "text", value: (r, c) => c.label(r.expected ? "yes" : "no") },
  { key: "state", kind: "text", value: (r, c) => stateLabel(r, c.label) },
  { key: "value_number", kind: "number", value: (r) => r.report?.valueNumber ?? null },
  { key: "value_text", kind: "text", value: (r) => r.report?.valueText ?? null },
  { key: "task_status", kind: "text", value: (r, c) => (r.report?.taskStatus ? c.label.taskStatus(r.report.taskStatus) : null) },
  { key: "note", kind: "text", value: (r) => r.report?.note ?? null },
  { key: "target", kind: "text", value: (r) => (r.target ? targetText(r.target.raw) : null) },
  { key: "target_year", kind: "count", value: (r) => r.target?.year ?? null },
  { key: "achievement", kind: "text", value: (r, c) => (r.reported && r.subjectType === "indicator" ? c.label(`achievement.${r.achievementLabel}`) : null) },
  { key: "gap", kind: "number", value: (r) => gapOf(r) },
  { key: "reporter", kind: "text", value: (r) => r.report?.reporterName ?? null },
  { key: "reported_at", kind: "date", value: (r) => (r.report ? vnWallClock(r.report.at) : null) },
  { key: "channel", kind: "text", value: (r, c) => (r.report ? channelLabel(r.report.channel, c.label) : null) },
  { key: "revisions", kind: "count", value: (r) => r.report?.revisions ?? null },
  { key: "evidence", kind: "text", value: (r) => r.report?.evidence.name ?? null },
];

/** The signed distance to the target (> 0 better than needed), when the figure could be compared. */
export function gapOf(r: StatusRow): number | null {
  const a = r.achievement;
  return a && a.status !== "na" && a.margin !== undefined ? a.margin : null;
}

/**
 * On time, late, overdue… — or "not due for this period" for an assigned unit the period does not
 * ask (assigned after it fell due). With approval on, a figure not approved says so ("chờ duyệt",
 * "bị trả lại"): it does not count yet.
 */
export function stateLabel(r: StatusRow, label: ExportLabels): string {
  if (r.approvalRequired && r.figureStatus && r.figureStatus !== "approved") return `${label(`state.${r.state}`)} (${label(`figure.${r.figureStatus}`)})`;
  return !r.expected && !r.reported ? label("not_expected") : label(`state.${r.state}`);
}

export function channelLabel(channel: string, label: ExportLabels): string {
  return ["telegram", "zalo", "devchat", "cli", "admin-api"].includes(channel) ? label(`channel.${channel}`) : label("channel.other");
}
