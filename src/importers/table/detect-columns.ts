import { searchKey } from "../../domain/search-key.ts";
import type { ColumnRole } from "./table-types.ts";

/**
 * Maps each header cell to what its column holds, by diacritic-insensitive keywords.
 *
 * Order matters: "Cơ quan, đơn vị chủ trì" is a lead column, not a unit of measure, so "chủ trì",
 * "phối hợp" and "theo dõi, tổng hợp" are read before the bare "Đơn vị" (unit of measure), and
 * "Mục tiêu năm 2026" (a target) before the bare "Mục tiêu" (the indicator's name in seed 000).
 * "Kết quả" / "Sản phẩm" stay `result` here: whether that is a target or a task's expected result
 * depends on the kind of table, which the caller decides.
 */
export function detectColumns(header: string[]): ColumnRole[] {
  const roles = header.map(roleOf);
  if (!roles.some((r) => r.role === "name")) {
    // The bare "Mục tiêu" names the indicator when nothing else does (seed 000: "Mục tiêu" | "Mục tiêu năm 2026").
    const goal = header.findIndex((h, i) => roles[i]?.role === "target" && isBareGoal(h));
    if (goal >= 0) roles[goal] = { role: "name" };
  }
  return roles;
}

function roleOf(cell: string): ColumnRole {
  const k = key(cell);
  const year = lastYear(k);
  if (k === "") return { role: "unknown" };
  if (/^(s )?tt$|^so tt$|^stt$|^so thu tu$/.test(k)) return { role: "number" };
  if (k.includes("chu tri")) return { role: "lead" };
  if (k.includes("phoi hop")) return { role: "coordinating" };
  if (k.includes("theo doi") || k.includes("tong hop")) return { role: "monitoring" };
  if (k.includes("thuc hien") && (k.includes("co quan") || k.includes("don vi"))) return { role: "lead" };
  if (/^(don vi|don vi tinh|dvt|dv tinh)\b/.test(k) && !/\b(co quan|dia phuong)\b/.test(k)) return { role: "unitOfMeasure" };
  if (k.includes("thoi han") || k.includes("thoi gian hoan thanh") || k.includes("tien do")) return { role: "deadline" };
  if (k.includes("can cu")) return { role: "basis" };
  if (k.includes("van ban nguon") || k === "nguon" || k.startsWith("nguon ")) return { role: "sourceDocument" };
  if (/hien trang|thuc trang|uoc thuc hien|uoc dat|nam goc|nam co so/.test(k)) return withYear({ role: "baseline" }, year);
  if (k.includes("ghi chu")) return { role: "note" };
  if (k.includes("ket qua") || k.includes("san pham")) return withYear({ role: "result" }, year);
  if (year !== undefined && /muc tieu|chi tieu|phan dau|ke hoach|^(nam|den nam|den het nam|giai doan|dat)?\s*\d{4}/.test(k)) {
    return { role: "target", year };
  }
  if (/chi tieu|nhiem vu|noi dung|chi so|^ten\b/.test(k)) return { role: "name" };
  if (k.includes("muc tieu") || k.includes("phan dau")) return { role: "target" };
  return { role: "unknown" };
}

function withYear<R extends { role: "baseline" | "result" }>(role: R, year: number | undefined): R {
  return year === undefined ? role : { ...role, year };
}

function isBareGoal(cell: string): boolean {
  return key(cell) === "muc tieu";
}

/** "Giai đoạn 2026-2030" aims at 2030: the last year written is the horizon. */
function lastYear(k: string): number | undefined {
  const years = k.match(/\b(19|20)\d\d\b/g);
  const last = years?.at(-1);
  return last === undefined ? undefined : Number(last);
}

function key(cell: string): string {
  return searchKey(cell).replace(/[^a-z0-9]+/g, " ").trim();
}
