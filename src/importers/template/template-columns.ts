import { searchKey } from "../../domain/search-key.ts";

/**
 * The hand-filled catalogue template (CSV or XLSX, first sheet): one header row, then one row per
 * indicator or task. Column names are matched case-insensitively; order does not matter; only
 * `type`, `code` and `name` are required. A row whose `type` cell starts with "#" is a comment.
 * Each column may be headed by its Vietnamese name instead (`vi`, with or without diacritics):
 * "Loại", "Mã", "Tên chỉ tiêu, nhiệm vụ", "Mục tiêu 2026"…
 */
export const TEMPLATE_COLUMNS: { name: string; vi: string; required?: boolean; description: string }[] = [
  { name: "type", vi: "Loại", required: true, description: 'indicator or task ("chỉ tiêu" / "nhiệm vụ" also accepted)' },
  { name: "code", vi: "Mã", required: true, description: 'unique among the rows of its type: "I.1", "15", "6.1", "PL2.4"' },
  { name: "section", vi: "Mục", description: 'section code: "I", "II"' },
  { name: "section_title", vi: "Tên mục", description: "section title, on any row of the section" },
  { name: "name", vi: "Tên chỉ tiêu, nhiệm vụ", required: true, description: "the indicator or task as written in the plan" },
  { name: "parent_code", vi: "Mã chỉ tiêu cha", description: "indicators only: code of the indicator this row splits (a level such as Cấp tỉnh)" },
  { name: "level", vi: "Cấp", description: 'indicators only: the level the row applies to ("Cấp tỉnh", "Cấp xã")' },
  { name: "unit_of_measure", vi: "Đơn vị tính", description: 'indicators only: "%", "doanh nghiệp", "Trung tâm"' },
  { name: "baseline", vi: "Hiện trạng", description: "indicators only: current value (hiện trạng)" },
  { name: "baseline_year", vi: "Năm hiện trạng", description: "indicators only: year of the baseline, e.g. 2025" },
  { name: "target_YYYY", vi: "Mục tiêu YYYY", description: 'indicators only: one column per horizon (target_2025, target_2026, target_2030…): "≥ 70%", "100%", "2-3%", "≤ 23", "20/34", "01", "Có ứng dụng"' },
  { name: "lead", vi: "Cơ quan chủ trì", description: 'lead units (chủ trì), separated by ";": "Sở Tài chính; Sở Khoa học và Công nghệ"' },
  { name: "coordinating", vi: "Cơ quan phối hợp", description: "coordinating units (phối hợp), separated by \";\"" },
  { name: "monitoring", vi: "Cơ quan theo dõi, tổng hợp", description: "monitoring units (theo dõi, tổng hợp), separated by \";\"" },
  { name: "deadline", vi: "Thời hạn", description: 'a date "30/6/2026", "Quý II/2026", "Tháng 10/2026", "Năm 2026", "Thường xuyên"' },
  { name: "expected_result", vi: "Kết quả, sản phẩm", description: "tasks only: result or product (kết quả, sản phẩm)" },
  { name: "basis", vi: "Căn cứ giao", description: "tasks only: basis of the assignment (căn cứ giao)" },
  { name: "source_document", vi: "Văn bản nguồn", description: "source document (văn bản nguồn)" },
  { name: "note", vi: "Ghi chú", description: "free note (ghi chú)" },
  { name: "plan_number", vi: "Số kế hoạch", description: 'plan header, on the first row: "52/KH-UBND"' },
  { name: "plan_date", vi: "Ngày kế hoạch", description: 'plan header, on the first row: "06/02/2026" or "2026-02-06"' },
  { name: "plan_issuer", vi: "Cơ quan ban hành", description: 'plan header, on the first row: "UBND tỉnh Thái Nguyên"' },
  { name: "plan_title", vi: "Tên kế hoạch", description: "plan header, on the first row: the plan's title" },
];

/** Matches the per-horizon target columns: target_2025, target_2030… */
export const TARGET_COLUMN = /^target_((?:19|20)\d\d)$/;

const VIETNAMESE_TARGET = /^muc tieu (?:nam )?((?:19|20)\d\d)$/;
const byVietnameseKey = new Map(TEMPLATE_COLUMNS.map((c) => [searchKey(c.vi), c.name]));

/**
 * The template's own (English) name of a header cell: an English name as is (lower case), a
 * Vietnamese one ("Đơn vị tính", "Mục tiêu 2026", "muc tieu nam 2030") by its search key.
 * Anything else comes back lower-cased, to be reported as a column the template lacks.
 */
export function templateColumnName(header: string): string {
  const english = header.trim().toLowerCase();
  if (TEMPLATE_COLUMNS.some((c) => c.name === english) || TARGET_COLUMN.test(english)) return english;
  const key = searchKey(header);
  const year = VIETNAMESE_TARGET.exec(key)?.[1];
  if (year) return `target_${year}`;
  return byVietnameseKey.get(key) ?? english;
}
