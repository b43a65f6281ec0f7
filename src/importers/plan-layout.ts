import type { ImportedCatalogue, ImportedIndicator, ImportedSection, ImportedTableLayout, ImportedTask, LayoutRow } from "./types.ts";

/**
 * The plan's tables as laid out in the document: what the table reader captured, else (PDF text,
 * the template, which lose the header row) one table per kind with the columns the items fill,
 * named as these plans name them, sections and rows in document order.
 */
export function planLayout(catalogue: ImportedCatalogue): ImportedTableLayout[] {
  if (catalogue.tables && catalogue.tables.length > 0) return catalogue.tables;
  const out: ImportedTableLayout[] = [];
  const title = catalogue.appendices?.[0]?.title ?? catalogue.plan.title ?? "";
  if (catalogue.indicators.length > 0) out.push(indicatorTable(catalogue.indicators, title));
  if (catalogue.tasks.length > 0) out.push(taskTable(catalogue.tasks, title));
  return out;
}

function indicatorTable(items: ImportedIndicator[], title: string): ImportedTableLayout {
  const years = [...new Set(items.flatMap((i) => i.targets.map((t) => t.year)))].sort((a, b) => a - b);
  const columns: [string, string][] = [
    ["number", "STT"],
    ["name", "Chỉ tiêu"],
    ["unitOfMeasure", "Đơn vị tính"],
    ...(items.some((i) => i.baseline) ? [["baseline", "Hiện trạng"] as [string, string]] : []),
    ...years.map((y): [string, string] => [`target:${y}`, `Mục tiêu năm ${y}`]),
    ["lead", "Cơ quan chủ trì"],
    ...(items.some((i) => i.coordinating.length) ? [["coordinating", "Cơ quan phối hợp"] as [string, string]] : []),
    ...(items.some((i) => i.monitoring.length) ? [["monitoring", "Cơ quan theo dõi, tổng hợp"] as [string, string]] : []),
  ];
  return { kind: "indicator", appendix: "", title, headers: columns.map((c) => c[1]), columns: columns.map((c) => c[0]), rows: rowsOf(items) };
}

function taskTable(items: ImportedTask[], title: string): ImportedTableLayout {
  const columns: [string, string][] = [
    ["number", "STT"],
    ["name", "Nhiệm vụ"],
    ["lead", "Cơ quan chủ trì"],
    ["coordinating", "Cơ quan phối hợp"],
    ["result", "Kết quả, sản phẩm"],
    ["deadline", "Thời hạn"],
    ...(items.some((i) => i.basis) ? [["basis", "Căn cứ giao"] as [string, string]] : []),
  ];
  return { kind: "task", appendix: "", title, headers: columns.map((c) => c[1]), columns: columns.map((c) => c[0]), rows: rowsOf(items) };
}

function rowsOf(items: { code: string; section?: ImportedSection }[]): LayoutRow[] {
  const rows: LayoutRow[] = [];
  let section: string | undefined;
  for (const item of items) {
    if (item.section && item.section.code !== section) {
      section = item.section.code;
      rows.push({ type: "section", code: item.section.code, title: item.section.title });
    }
    rows.push({ type: "item", code: item.code });
  }
  return rows;
}
