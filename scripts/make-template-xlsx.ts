/**
 * Writes docs/catalogue-template.xlsx from tests/fixtures/catalogue-template.csv, so the
 * spreadsheet officials fill in and the CSV the tests import hold the same rows.
 * Run: npx tsx scripts/make-template-xlsx.ts
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "csv-parse/sync";
import ExcelJS from "exceljs";
import { TEMPLATE_COLUMNS } from "../src/importers/template/template-columns.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const csv = readFileSync(path.join(root, "tests/fixtures/catalogue-template.csv"), "utf8");
const [header = [], ...rows] = parse(csv, { bom: true }) as string[][];

const workbook = new ExcelJS.Workbook();
// Fixed dates keep the workbook's properties the same from one run to the next.
workbook.creator = "chitieu";
workbook.created = new Date(Date.UTC(2026, 0, 1));
workbook.modified = new Date(Date.UTC(2026, 0, 1));

const sheet = workbook.addWorksheet("catalogue", { views: [{ state: "frozen", ySplit: 1 }] });
sheet.columns = header.map((name) => ({ header: name, key: name, width: widthOf(name) }));
// Text format everywhere: Excel would otherwise turn "01" into 1 and "06/02/2026" into a date.
sheet.columns.forEach((column) => {
  column.numFmt = "@";
});
for (const row of rows) sheet.addRow(row);
sheet.getRow(1).font = { bold: true };

const help = workbook.addWorksheet("huong-dan");
help.columns = [
  { header: "column", key: "name", width: 18 },
  { header: "tiêu đề tiếng Việt", key: "vi", width: 28 },
  { header: "required", key: "required", width: 10 },
  { header: "what to write", key: "description", width: 110 },
];
for (const column of TEMPLATE_COLUMNS) help.addRow({ name: column.name, vi: column.vi, required: column.required ? "yes" : "", description: column.description });
help.getRow(1).font = { bold: true };

const out = path.join(root, "docs/catalogue-template.xlsx");
await workbook.xlsx.writeFile(out);
console.log(`wrote ${path.relative(root, out)}: ${rows.length} rows`);

function widthOf(name: string): number {
  if (name === "name" || name === "expected_result" || name === "plan_title") return 60;
  if (["lead", "coordinating", "monitoring", "basis", "source_document", "section_title"].includes(name)) return 35;
  return 14;
}
