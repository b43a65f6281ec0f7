import { searchKey } from "../../domain/search-key.ts";
import type { ColumnRole } from "./table-types.ts";

export type TableKind = "indicator" | "task" | "unknown";

/**
 * Decides whether a table lists indicators (something measured) or tasks (something to deliver).
 *
 * - A target, unit-of-measure or baseline column, or a name column headed "Chỉ tiêu" / "Mục tiêu" /
 *   "Chỉ số", makes an indicator table.
 * - A name column headed "Nhiệm vụ" / "Tên nhiệm vụ" with a result/product column makes a task table.
 * - A "Nhiệm vụ" table without any result/product column whose section titles count indices
 *   ("TIÊU CHÍ ĐẦU VÀO (INPUT) (07 CHỈ SỐ)", seed 002) is an indicator table: each row names a
 *   figure ("Số lượng bài báo khoa học quốc tế") the lead unit must compile and report by the
 *   deadline, with no product to deliver — so it is imported as an indicator with a deadline and no
 *   targets, which is what lets officials report a value for it.
 */
export function decideTableKind(header: string[], columns: ColumnRole[], sectionTitles: string[]): TableKind {
  const has = (role: ColumnRole["role"]) => columns.some((c) => c.role === role);
  if (has("target") || has("unitOfMeasure") || has("baseline")) return "indicator";
  const nameAt = columns.findIndex((c) => c.role === "name");
  const nameHeader = key(header[nameAt] ?? "");
  if (/chi tieu|muc tieu|chi so/.test(nameHeader)) return "indicator";
  if (/nhiem vu|noi dung|cong viec|^ten\b/.test(nameHeader)) {
    if (has("result")) return "task";
    const countsIndices = sectionTitles.some((t) => /chi so|chi tieu|tieu chi/.test(key(t)));
    return countsIndices ? "indicator" : "task";
  }
  if (has("result") && has("deadline")) return "task";
  return "unknown";
}

function key(text: string): string {
  return searchKey(text).replace(/[^a-z0-9]+/g, " ").trim();
}
