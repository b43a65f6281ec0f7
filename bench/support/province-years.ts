/**
 * The bench's province (bench:exports, and the streamed-workbook test): one plan "BENCH/KH-UBND" with
 * one table of `items` monthly indicators (target ≥ 70 % for 2026), each assigned to `units` units as
 * lead, and every month of `years` reported by every unit; with `revisions`, one figure in four
 * corrected once (two revisions) and each figure's history written. Plain SQL in one transaction
 * (the bench measures the reads). Returns the number of reports.
 */
import { sqliteConnection, type Db } from "../../db/client.ts";

export function seedProvinceYears(db: Db, { units: UNITS, items: ITEMS, years, revisions }: { units: number; items: number; years: number[]; revisions: boolean }): number {
  const c = sqliteConnection(db)!;
  c.transaction(() => {
    c.prepare("insert into plans (id, key, number, format, created_at) values (1, 'bench', 'BENCH/KH-UBND', 'table', 0)").run();
    const rows = [{ type: "section", code: "I", title: "Nhóm chỉ tiêu thử nghiệm" }, ...Array.from({ length: ITEMS }, (_, i) => ({ type: "item", code: String(i + 1) }))];
    c.prepare("insert into plan_tables (plan_id, position, kind, appendix, title, headers, columns, rows) values (1, 0, 'indicator', 'PL1', 'Phụ lục I: Chỉ tiêu', ?, ?, ?)").run(
      JSON.stringify(["STT", "Chỉ tiêu", "Đơn vị tính", "Mục tiêu năm 2026", "Cơ quan chủ trì"]),
      JSON.stringify(["number", "name", "unitOfMeasure", "target:2026", "lead"]),
      JSON.stringify(rows),
    );
    const unit = c.prepare("insert into units (id, name, key, kind, created_at) values (?, ?, ?, 'department', 0)");
    for (let u = 1; u <= UNITS; u++) unit.run(u, `Đơn vị thử nghiệm số ${u}`, `don vi thu nghiem so ${u}`);
    const indicator = c.prepare(
      "insert into indicators (id, plan_id, code, printed_number, section_code, section_title, name, name_key, unit_of_measure, value_kind, direction, lead, position, created_at) values (?, 1, ?, ?, 'I', 'Nhóm chỉ tiêu thử nghiệm', ?, ?, '%', 'percent', 'higher', '[\"Các sở, ngành\"]', ?, 0)",
    );
    const target = c.prepare("insert into targets (indicator_id, year, level, raw, parsed) values (?, 2026, '', '≥ 70%', ?)");
    const assignment = c.prepare("insert into assignments (subject_key, indicator_id, unit_id, role, frequency, source, created_at) values (?, ?, ?, 'lead', 'monthly', 'catalogue', 0)");
    for (let i = 1; i <= ITEMS; i++) {
      indicator.run(i, String(i), String(i), `Tỷ lệ chỉ tiêu thử nghiệm số ${i} đạt chuẩn`, `ty le chi tieu thu nghiem so ${i} dat chuan`, i);
      target.run(i, JSON.stringify({ kind: "at_least", raw: "≥ 70%", value: 70, percent: true, strict: false }));
      for (let u = 1; u <= UNITS; u++) assignment.run(`i:${i}`, i, u);
    }
    const report = c.prepare(
      "insert into reports (subject_key, indicator_id, unit_id, period_key, revision, value_number, channel, created_at, updated_at) values (?, ?, ?, ?, ?, ?, 'telegram', ?, ?)",
    );
    const revision = c.prepare("insert into report_revisions (report_id, revision, value_number, channel, created_at) values (?, ?, ?, 'telegram', ?)");
    let n = 0;
    for (const year of years) {
      for (let m = 1; m <= 12; m++) {
        const key = `${year}-${String(m).padStart(2, "0")}`;
        const at = Date.UTC(year, m - 1, 20);
        for (let i = 1; i <= ITEMS; i++) {
          for (let u = 1; u <= UNITS; u++) {
            const corrected = revisions && (i + u + m) % 4 === 0;
            const value = 50 + ((i * 7 + u * 3 + m) % 50);
            const id = report.run(`i:${i}`, i, u, key, corrected ? 2 : 1, value, at, corrected ? at + 3_600_000 : at).lastInsertRowid as number;
            if (revisions) {
              revision.run(id, 1, value - 1, at);
              if (corrected) revision.run(id, 2, value, at + 3_600_000);
            }
            n += 1;
          }
        }
      }
    }
    return n;
  })();
  return (c.prepare("select count(*) as n from reports").get() as { n: number }).n;
}
