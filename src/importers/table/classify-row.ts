import { searchKey } from "../../domain/search-key.ts";
import type { ColumnRole, RowClass, TableRow } from "./table-types.ts";

/**
 * Says what a table row is from its number cell, its name cell and whether anything else is filled:
 * - section: a Roman numeral or letter ("I", "II.", "A"), alone or followed by the title in the same
 *   cell ("II. TIÊU CHÍ VỀ KHOA HỌC (9 CHỈ SỐ)"), or a numbered heading with nothing else
 *   in the row ("I.2 Phát triển nguồn lực", also when written in the name cell);
 * - horizon: "Đến hết năm 2030", "Năm 2026", "Giai đoạn 2026-2030" alone in the row — the rows
 *   below it aim at that year (a section title can carry one too: "A | ĐẾN NĂM 2030");
 * - item: "1", "6.", "1.1";
 * - level: no number and an italic or "Cấp …" name ("<i>Cấp tỉnh</i>"): a split of the previous item;
 * - note: no number and text in the name cell only ("Thực hiện theo Phụ lục I, Kế hoạch 215/KH-UBND").
 */
export function classifyRow(row: TableRow, columns: ColumnRole[]): RowClass {
  const numberAt = indexOfRole(columns, "number", 0);
  const nameAt = indexOfRole(columns, "name", 1);
  const number = row.cells[numberAt] ?? "";
  const name = row.cells[nameAt] ?? "";
  const others = row.cells.filter((c, i) => i !== numberAt && i !== nameAt && c !== "");
  const hasValues = others.length > 0;

  if (number === "" && name === "" && !hasValues) return { type: "blank" };

  if (!hasValues) {
    const section = sectionHeading(number, name);
    if (section) {
      const year = horizonYear(section.title);
      return { ...section, ...(year === undefined ? {} : { horizonYear: year }), hasValues };
    }
    const heading = [number, name].filter((c) => c !== "").join(" ");
    const year = horizonYear(heading);
    if (year !== undefined) return { type: "horizon", year, text: heading };
  }

  if (number !== "") {
    const item = ITEM_NUMBER.exec(number);
    if (item?.[1]) return { type: "item", number: item[1], printed: number };
    const section = sectionHeading(number, name);
    if (section) return { ...section, hasValues };
    return { type: "unknown", reason: "unreadable_number", number };
  }

  const levelName = name !== "" ? name : (others[0] ?? "");
  const italic = row.italic[name !== "" ? nameAt : row.cells.indexOf(levelName)] ?? false;
  if (hasValues && levelName !== "" && (italic || LEVEL_NAME.test(searchKey(levelName)))) {
    return { type: "level", level: levelName };
  }
  if (!hasValues && name !== "") return { type: "note", text: name };
  return { type: "unknown", reason: "unnumbered_row", number: "" };
}

const ITEM_NUMBER = /^(\d{1,3}(?:\.\d{1,3})*)\.?$/;
const ROMAN = "[IVXLC]+";
/** "I", "II.", "I.2", "A", "B." in the number cell, possibly followed by the title. */
const SECTION_NUMBER = new RegExp(`^(${ROMAN}(?:\\.\\d{1,3})*|[A-HĐ])[.)]?(?:\\s+(.+))?$`);
/** A whole-row heading in the name cell must have a title after the numeral. */
const SECTION_IN_NAME = new RegExp(`^(${ROMAN}(?:\\.\\d{1,3})*)[.)]?\\s+(.+)$`);
/** "1. Chuyển đổi số" alone in a row: a numbered heading. */
const NUMBERED_HEADING = /^(\d{1,3}(?:\.\d{1,3})*)[.)]?\s+(\S.*)$/;
const LEVEL_NAME = /^(cap|khu vuc|tai cap)\s/;
const HORIZON = /^(?:den het nam|den het|den nam|nam|giai doan|trong nam|tu nam)\s[^]*?((?:19|20)\d\d)(?![^]*(?:19|20)\d\d)/;

function sectionHeading(number: string, name: string): { type: "section"; code: string; title: string } | null {
  if (number !== "") {
    const m = SECTION_NUMBER.exec(number) ?? (name === "" ? NUMBERED_HEADING.exec(number) : null);
    if (m?.[1] && !ITEM_NUMBER.test(number)) {
      return { type: "section", code: m[1], title: [m[2], name].filter((t) => t && t !== "").join(" ") };
    }
    return null;
  }
  const m = SECTION_IN_NAME.exec(name);
  return m?.[1] && m[2] ? { type: "section", code: m[1], title: m[2] } : null;
}

/** The year a heading aims at, when the heading is a horizon ("Đến hết năm 2030", "Năm 2026"). */
function horizonYear(heading: string): number | undefined {
  const m = HORIZON.exec(searchKey(heading));
  return m?.[1] ? Number(m[1]) : undefined;
}

function indexOfRole(columns: ColumnRole[], role: ColumnRole["role"], fallback: number): number {
  const at = columns.findIndex((c) => c.role === role);
  return at >= 0 ? at : fallback;
}
