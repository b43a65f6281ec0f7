import { importProblem, problemAsMessage } from "../import-problem.ts";
import { inferValueKind } from "../../domain/infer-value-kind.ts";
import { parseDeadline } from "../../domain/parse-deadline.ts";
import { parseTarget, targetDirection } from "../../domain/parse-target.ts";
import { splitUnitList } from "../../domain/unit-name.ts";
import { parseVnNumber } from "../../domain/vn-number.ts";
import type { ImportedCatalogue, ImportedIndicator, ImportedPlan, ImportedSection, ImportedTask, ImportProblem, UnitCells } from "../types.ts";
import { TARGET_COLUMN, TEMPLATE_COLUMNS, templateColumnName } from "./template-columns.ts";
import { ROW_REASONS, templateRowSchema, type TemplateRow } from "./template-row-schema.ts";

export interface TemplateRecord {
  /** 1-based line (CSV) or row number (XLSX) where the record starts. */
  line: number;
  cells: string[];
}

/**
 * Turns the template's header and rows (already read from CSV or XLSX) into a catalogue.
 * A row that fails validation is not imported: each of its mistakes becomes an "error" problem
 * naming the line and the column. See template-columns.ts for the columns.
 */
export function readTemplateRecords(header: TemplateRecord, records: TemplateRecord[], opts: { planNumber?: string } = {}): ImportedCatalogue {
  const problems: ImportProblem[] = [];
  const names = header.cells.map(templateColumnName);
  const missing = TEMPLATE_COLUMNS.filter((c) => c.required && !names.includes(c.name)).map((c) => c.name);
  if (missing.length > 0) {
    problems.push(importProblem({ line: header.line, severity: "error", code: "missing_column", params: { columns: missing.join(", ") }, text: header.cells.join(",") }));
    return { format: "template", plan: { number: opts.planNumber ?? "" }, indicators: [], tasks: [], problems };
  }
  const known = new Set(TEMPLATE_COLUMNS.map((c) => c.name));
  names.forEach((name, i) => {
    if (name !== "" && !known.has(name) && !TARGET_COLUMN.test(name)) {
      problems.push(importProblem({ line: header.line, severity: "review", code: "unknown_column", key: "unknown_template_column", params: { column: header.cells[i] ?? "" }, text: header.cells.join(",") }));
    }
  });

  const plan = readPlan(names, records, problems, opts);
  const planYear = plan.date ? Number(plan.date.slice(0, 4)) : undefined;
  const sections = new Map<string, ImportedSection>();
  const indicators: ImportedIndicator[] = [];
  const tasks: ImportedTask[] = [];
  const pendingParents: { indicator: ImportedIndicator; record: TemplateRecord }[] = [];
  // A parent whose levels carry the targets ("Cấp tỉnh", "Cấp xã") needs none of its own.
  const parentCodes = new Set(records.map((r) => (byName(names, r.cells).get("parent_code") ?? "").trim()));

  for (const record of records) {
    const values = byName(names, record.cells);
    const type = values.get("type") ?? "";
    if ([...values.values()].every((v) => v.trim() === "") || type.trim().startsWith("#")) continue;
    const text = record.cells.join(",");
    const parsed = templateRowSchema.safeParse(toInput(names, values));
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = columnOf(issue.path, values);
        // The column as headed in the file ("Mã", "Mục tiêu 2026"), the reason in the reader's language.
        const heading = header.cells[names.indexOf(column)]?.trim() || column;
        const reason = (ROW_REASONS as readonly string[]).includes(issue.message) ? issue.message : "invalid";
        const params = { column: heading, reason: { key: `importer.problem.row_reason.${reason}`, params: { value: values.get(column) ?? "" } } };
        problems.push(importProblem({ line: record.line, severity: "error", code: "invalid_row", params, text, ...(reason === "invalid" ? { detail: issue.message } : {}) }));
      }
      continue;
    }
    const row = parsed.data;
    const existing = row.type === "indicator" ? indicators : tasks;
    if (existing.some((item) => item.code === row.code)) {
      problems.push(importProblem({ line: record.line, severity: "error", code: "duplicate_code", key: `duplicate_code_${row.type}`, params: { code: row.code }, text }));
      continue;
    }
    const section = sectionOf(row, sections);
    if (row.type === "indicator") {
      const indicator = toIndicator(row, record.line, section, planYear);
      if (indicator.targets.length === 0 && row.parent_code === "" && !parentCodes.has(row.code)) {
        const problem = importProblem({ line: record.line, severity: "review", code: "missing_target", key: "missing_indicator_target", text });
        indicator.needsReview = true;
        indicator.reviewReasons.push(problemAsMessage(problem));
        problems.push(problem);
      }
      if (row.parent_code !== "") pendingParents.push({ indicator, record });
      indicators.push(indicator);
    } else {
      tasks.push(toTask(row, record.line, section, planYear));
    }
  }

  for (const { indicator, record } of pendingParents) {
    if (!indicators.some((i) => i.code === indicator.parentCode)) {
      problems.push(importProblem({ line: record.line, severity: "error", code: "unknown_parent", params: { code: indicator.parentCode ?? "" }, text: record.cells.join(",") }));
      indicators.splice(indicators.indexOf(indicator), 1);
    }
  }

  for (const parent of indicators) {
    if (parent.targets.length > 0) continue;
    const childTargets = indicators.filter((c) => c.parentCode === parent.code).flatMap((c) => c.targets.map((t) => t.parsed));
    const first = childTargets[0];
    if (!first) continue;
    // A parent whose levels carry the targets reads like them: same kind of value, same direction.
    parent.valueKind = inferValueKind({ name: parent.name, unitOfMeasure: parent.unitOfMeasure, targets: childTargets });
    parent.direction = targetDirection(first);
  }

  return { format: "template", plan, indicators, tasks, problems: problems.sort((a, b) => a.line - b.line) };
}

const PLAN_FIELDS = ["plan_number", "plan_date", "plan_issuer", "plan_title"] as const;

/** The plan header comes from the first row that fills any plan_* column; later rows may repeat it. */
function readPlan(names: string[], records: TemplateRecord[], problems: ImportProblem[], opts: { planNumber?: string }): ImportedPlan {
  const withPlan = records
    .map((r) => ({ record: r, values: byName(names, r.cells) }))
    .filter(({ values }) => PLAN_FIELDS.some((f) => (values.get(f) ?? "").trim() !== ""));
  const first = withPlan[0];
  const get = (field: (typeof PLAN_FIELDS)[number]) => (first?.values.get(field) ?? "").trim();

  for (const { record, values } of withPlan.slice(1)) {
    for (const field of PLAN_FIELDS) {
      const value = (values.get(field) ?? "").trim();
      if (value !== "" && value !== get(field)) {
        problems.push(importProblem({ line: record.line, severity: "review", code: "plan_conflict", params: { field, value, first: get(field), line: first?.record.line ?? 1 }, text: record.cells.join(",") }));
      }
    }
  }

  const callerNumber = opts.planNumber?.trim() ?? "";
  const plan: ImportedPlan = { number: callerNumber !== "" ? callerNumber : get("plan_number") };
  if (plan.number === "") {
    problems.push(importProblem({ line: first?.record.line ?? 1, severity: "review", code: "missing_plan_number", key: "template_plan_number", text: "" }));
  }
  const rawDate = get("plan_date");
  if (rawDate !== "") {
    const date = isoDate(rawDate);
    if (date) plan.date = date;
    else problems.push(importProblem({ line: first?.record.line ?? 1, severity: "review", code: "invalid_plan_date", params: { date: rawDate }, text: rawDate }));
  }
  if (get("plan_issuer") !== "") plan.issuer = get("plan_issuer");
  if (get("plan_title") !== "") plan.title = get("plan_title");
  return plan;
}

function toIndicator(row: TemplateRow, line: number, section: ImportedSection | undefined, planYear: number | undefined): ImportedIndicator {
  const level = row.level === "" ? undefined : row.level;
  const targets = row.targets.map((t) => ({ year: t.year, raw: t.raw, parsed: parseTarget(t.raw), ...(level ? { level } : {}) }));
  const unitOfMeasure = row.unit_of_measure === "" ? undefined : row.unit_of_measure;
  const indicator: ImportedIndicator = {
    code: row.code,
    printedNumber: row.code,
    name: row.name,
    valueKind: inferValueKind({ name: row.name, unitOfMeasure, targets: targets.map((t) => t.parsed) }),
    direction: targets[0] ? targetDirection(targets[0].parsed) : "none",
    targets,
    lead: splitUnitList(row.lead),
    coordinating: splitUnitList(row.coordinating),
    monitoring: splitUnitList(row.monitoring),
    needsReview: false,
    reviewReasons: [],
    line,
  };
  if (section) indicator.section = section;
  const unitCells = unitCellsOf(row);
  if (unitCells) indicator.unitCells = unitCells;
  if (row.parent_code !== "") indicator.parentCode = row.parent_code;
  if (unitOfMeasure !== undefined) indicator.unitOfMeasure = unitOfMeasure;
  if (row.baseline !== "") {
    const value = parseVnNumber(row.baseline);
    indicator.baseline = { raw: row.baseline, ...(value.ok ? { value: value.value } : {}), ...(row.baseline_year === "" ? {} : { year: Number(row.baseline_year) }) };
  }
  if (row.deadline !== "") indicator.deadline = { raw: row.deadline, parsed: deadline(row.deadline, planYear) };
  if (row.source_document !== "") indicator.sourceDocument = row.source_document;
  if (row.note !== "") indicator.note = row.note;
  return indicator;
}

function toTask(row: TemplateRow, line: number, section: ImportedSection | undefined, planYear: number | undefined): ImportedTask {
  const task: ImportedTask = {
    code: row.code,
    printedNumber: row.code,
    name: row.name,
    lead: splitUnitList(row.lead),
    coordinating: splitUnitList(row.coordinating),
    needsReview: false,
    reviewReasons: [],
    line,
  };
  if (section) task.section = section;
  const unitCells = unitCellsOf(row);
  if (unitCells) task.unitCells = unitCells;
  if (row.expected_result !== "") task.expectedResult = row.expected_result;
  if (row.deadline !== "") task.deadline = { raw: row.deadline, parsed: deadline(row.deadline, planYear) };
  if (row.basis !== "") task.basis = row.basis;
  if (row.monitoring !== "") task.monitoring = splitUnitList(row.monitoring);
  if (row.source_document !== "") task.sourceDocument = row.source_document;
  if (row.note !== "") task.note = row.note;
  return task;
}

function unitCellsOf(row: TemplateRow): UnitCells | undefined {
  const cells: UnitCells = {};
  if (row.lead !== "") cells.lead = row.lead;
  if (row.coordinating !== "") cells.coordinating = row.coordinating;
  if (row.monitoring !== "") cells.monitoring = row.monitoring;
  return Object.keys(cells).length === 0 ? undefined : cells;
}

function deadline(raw: string, planYear: number | undefined) {
  return parseDeadline(raw, planYear === undefined ? {} : { defaultYear: planYear });
}

/** Rows of one section share one section object; its title may be written on any of them. */
function sectionOf(row: TemplateRow, sections: Map<string, ImportedSection>): ImportedSection | undefined {
  if (row.section === "") return undefined;
  const section = sections.get(row.section) ?? { code: row.section, title: "" };
  if (section.title === "" && row.section_title !== "") section.title = row.section_title;
  sections.set(row.section, section);
  return section;
}

function byName(names: string[], cells: string[]): Map<string, string> {
  const values = new Map<string, string>();
  names.forEach((name, i) => {
    if (name !== "" && !values.has(name)) values.set(name, cells[i] ?? "");
  });
  return values;
}

function toInput(names: string[], values: Map<string, string>): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const column of TEMPLATE_COLUMNS) {
    if (column.name !== "target_YYYY" && !column.name.startsWith("plan_")) input[column.name] = values.get(column.name) ?? "";
  }
  input.targets = names.flatMap((name) => {
    const year = TARGET_COLUMN.exec(name)?.[1];
    const raw = (values.get(name) ?? "").trim();
    return year && raw !== "" ? [{ year: Number(year), raw }] : [];
  });
  return input;
}

/** The template column an issue is about: "target_2026" rather than "targets.0.raw". */
function columnOf(path: PropertyKey[], values: Map<string, string>): string {
  if (path[0] === "targets") {
    const targetColumns = [...values.entries()].filter(([name, value]) => TARGET_COLUMN.test(name) && value.trim() !== "");
    return targetColumns[typeof path[1] === "number" ? path[1] : 0]?.[0] ?? "target";
  }
  return String(path[0] ?? "row");
}

function isoDate(raw: string): string | undefined {
  const iso = /^(\d{4})-(\d{2})-(\d{2})$/.exec(raw);
  const vn = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(raw);
  const [y, m, d] = iso ? [iso[1], iso[2], iso[3]] : vn ? [vn[3], vn[2], vn[1]] : [];
  if (!y || !m || !d) return undefined;
  const date = new Date(Date.UTC(Number(y), Number(m) - 1, Number(d)));
  if (date.getUTCMonth() !== Number(m) - 1 || date.getUTCDate() !== Number(d)) return undefined;
  return date.toISOString().slice(0, 10);
}
