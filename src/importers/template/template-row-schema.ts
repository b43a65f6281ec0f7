import { z } from "zod";
import { parseDeadline } from "../../domain/parse-deadline.ts";
import { parseTarget } from "../../domain/parse-target.ts";
import { searchKey } from "../../domain/search-key.ts";

const cell = z.string().trim();

/**
 * Why a cell is refused: each message below is a reason key, the locale message
 * importer.problem.row_reason.<key> (read-template-records.ts renders it; a zod message of its own,
 * from a check that gives none, falls back to row_reason.invalid).
 */
export const ROW_REASONS = ["type", "code_empty", "code_chars", "name_empty", "baseline_year", "target", "deadline", "indicators_only", "tasks_only", "level_needs_parent"] as const;

/**
 * One template row, every cell a trimmed string ("" when empty), targets gathered from the
 * target_YYYY columns. Field checks run independently so a row lists all its mistakes at once;
 * checks that depend on the row's type run when the fields are valid.
 *
 * A template is typed for machines: a target that starts like a number or a comparator
 * ("≥ 7O%", "1OO") must read as one — text targets ("Có ứng dụng") are fine — and a deadline
 * with figures must read as a date, month, quarter or year.
 */
export const templateRowSchema = z
  .object({
    type: cell.transform(normaliseType).pipe(z.enum(["indicator", "task"], { error: "type" })),
    code: cell.min(1, "code_empty").regex(/^[\p{L}\p{N}._\-/]+$/u, "code_chars"),
    section: cell,
    section_title: cell,
    name: cell.min(1, "name_empty"),
    parent_code: cell,
    level: cell,
    unit_of_measure: cell,
    baseline: cell,
    baseline_year: cell.regex(/^((19|20)\d\d)?$/, "baseline_year"),
    targets: z.array(
      z.object({
        year: z.number().int(),
        raw: cell.refine(readableTarget, { error: "target" }),
      }),
    ),
    lead: cell,
    coordinating: cell,
    monitoring: cell,
    deadline: cell.refine(readableDeadline, { error: "deadline" }),
    expected_result: cell,
    basis: cell,
    source_document: cell,
    note: cell,
  })
  .superRefine((row, ctx) => {
    if (row.type === "task") {
      for (const field of ["unit_of_measure", "baseline", "parent_code", "level"] as const) {
        if (row[field] !== "") ctx.addIssue({ code: "custom", path: [field], message: "indicators_only" });
      }
      if (row.targets.length > 0) ctx.addIssue({ code: "custom", path: ["targets"], message: "indicators_only" });
    } else {
      for (const field of ["expected_result", "basis"] as const) {
        if (row[field] !== "") ctx.addIssue({ code: "custom", path: [field], message: "tasks_only" });
      }
      if (row.level !== "" && row.parent_code === "") ctx.addIssue({ code: "custom", path: ["level"], message: "level_needs_parent" });
    }
  });

export type TemplateRow = z.output<typeof templateRowSchema>;

function normaliseType(value: string): string {
  const k = searchKey(value);
  if (k === "chi tieu") return "indicator";
  if (k === "nhiem vu") return "task";
  return k;
}

function readableTarget(raw: string): boolean {
  if (raw === "") return false;
  const looksNumeric = /^[\s$\\]*(?:≥|≤|>|<|=|\\geq|\\leq|\d)/.test(raw);
  return !looksNumeric || parseTarget(raw).kind !== "qualitative";
}

function readableDeadline(raw: string): boolean {
  return raw === "" || !/\d/.test(raw) || parseDeadline(raw).kind !== "none";
}
