/**
 * The hand-filled catalogue template (CSV or XLSX, first sheet): one header row, then one row per
 * indicator or task. Column names are matched case-insensitively; order does not matter; only
 * `type`, `code` and `name` are required. A row whose `type` cell starts with "#" is a comment.
 */
export const TEMPLATE_COLUMNS: { name: string; required?: boolean; description: string }[] = [
  { name: "type", required: true, description: 'indicator or task ("chỉ tiêu" / "nhiệm vụ" also accepted)' },
  { name: "code", required: true, description: 'unique among the rows of its type: "I.1", "15", "6.1", "PL2.4"' },
  { name: "section", description: 'section code: "I", "II"' },
  { name: "section_title", description: "section title, on any row of the section" },
  { name: "name", required: true, description: "the indicator or task as written in the plan" },
  { name: "parent_code", description: "indicators only: code of the indicator this row splits (a level such as Cấp tỉnh)" },
  { name: "level", description: 'indicators only: the level the row applies to ("Cấp tỉnh", "Cấp xã")' },
  { name: "unit_of_measure", description: 'indicators only: "%", "doanh nghiệp", "Trung tâm"' },
  { name: "baseline", description: "indicators only: current value (hiện trạng)" },
  { name: "baseline_year", description: "indicators only: year of the baseline, e.g. 2025" },
  { name: "target_YYYY", description: 'indicators only: one column per horizon (target_2025, target_2026, target_2030…): "≥ 70%", "100%", "2-3%", "≤ 23", "20/34", "01", "Có ứng dụng"' },
  { name: "lead", description: 'lead units (chủ trì), separated by ";": "Sở Tài chính; Sở Khoa học và Công nghệ"' },
  { name: "coordinating", description: "coordinating units (phối hợp), separated by \";\"" },
  { name: "monitoring", description: "monitoring units (theo dõi, tổng hợp), separated by \";\"" },
  { name: "deadline", description: 'a date "30/6/2026", "Quý II/2026", "Tháng 10/2026", "Năm 2026", "Thường xuyên"' },
  { name: "expected_result", description: "tasks only: result or product (kết quả, sản phẩm)" },
  { name: "basis", description: "tasks only: basis of the assignment (căn cứ giao)" },
  { name: "source_document", description: "source document (văn bản nguồn)" },
  { name: "note", description: "free note (ghi chú)" },
  { name: "plan_number", description: 'plan header, on the first row: "52/KH-UBND"' },
  { name: "plan_date", description: 'plan header, on the first row: "06/02/2026" or "2026-02-06"' },
  { name: "plan_issuer", description: 'plan header, on the first row: "UBND tỉnh Thái Nguyên"' },
  { name: "plan_title", description: "plan header, on the first row: the plan's title" },
];

/** Matches the per-horizon target columns: target_2025, target_2030… */
export const TARGET_COLUMN = /^target_((?:19|20)\d\d)$/;
