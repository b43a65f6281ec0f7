import { importProblem, problemAsMessage } from "../import-problem.ts";
import { inferValueKind } from "../../domain/infer-value-kind.ts";
import { targetDirection } from "../../domain/parse-target.ts";
import { searchKey, stripDiacritics } from "../../domain/search-key.ts";
import type { ImportedIndicator, ImportedSection, ImportProblem } from "../types.ts";
import { buildIndicator } from "./build-indicator.ts";
import { buildTask } from "./build-task.ts";
import { classifyRow } from "./classify-row.ts";
import { decideTableKind } from "./decide-table-kind.ts";
import { detectColumns } from "./detect-columns.ts";
import type { ItemDraft } from "./item-draft.ts";
import { rowProblem } from "./row-problem.ts";
import type { ColumnRole, RawTable, RowClass, TableRow } from "./table-types.ts";

export interface TableContext {
  /** Key of the appendix the table is in ("PL1"). */
  appendix: string;
  /** Year named in the appendix title ("… NĂM 2026"). */
  appendixYear?: number;
  /** Year of the plan's date. */
  planYear?: number;
}

export interface TableItems {
  drafts: ItemDraft[];
  /** Section objects shared by the drafts, so the caller can prefix their codes with the appendix. */
  sections: ImportedSection[];
  problems: ImportProblem[];
  /** The kind of table and what each column holds, once recognised. */
  layout?: { kind: "indicator" | "task"; columns: ColumnRole[] };
}

/**
 * Reads one table into indicator or task drafts, row by row. Every row that does not become an
 * item, or becomes one with doubts, leaves a problem: section notes (seed 000 section IV), rows
 * without a number, level rows with no item above them, unknown columns.
 *
 * Sub-level rows (seed 004 #6 "Cấp tỉnh" / "Cấp xã") become sub-indicators of the item above:
 * each can be reported on its own, carries its own target (with `level` set) and inherits the
 * parent's units and source. A parent without targets of its own (its figures are its levels' or
 * its sub-items' — "2" over "2.1", "2.2") takes their unit, value kind and direction so it reads
 * sensibly on its own, and is not flagged for a missing target.
 *
 * A row repeated under a later horizon ("Đến hết năm 2030") with the same name and unit is the
 * same indicator aiming further: its targets are added to the first row's indicator.
 */
export function readTableItems(table: RawTable, ctx: TableContext): TableItems {
  const problems: ImportProblem[] = [];
  const detected = detectColumns(table.header);
  const classes = table.rows.map((row) => classifyRow(row, detected));
  const sectionTitles = classes.flatMap((c) => (c.type === "section" ? [c.title] : []));
  const kind = decideTableKind(table.header, detected, sectionTitles);
  const headerText = table.header.join(" | ");
  const headerProblem = (severity: ImportProblem["severity"], code: string, params: Record<string, string | number> = {}, key?: string) =>
    problems.push(importProblem({ line: table.headerLine, severity, code, ...(key ? { key } : {}), params, text: headerText }));

  if (kind === "unknown" || !detected.some((c) => c.role === "name")) {
    headerProblem("error", "unrecognised_table");
    table.rows.forEach((row, i) => {
      if (classes[i]?.type !== "blank") problems.push(rowProblem(row, "error", "unrecognised_table", {}, "unrecognised_table_row"));
    });
    return { drafts: [], sections: [], problems };
  }

  const columns = resolveColumns(detected, kind);
  table.header.forEach((cell, i) => {
    if (cell !== "" && columns[i]?.role === "unknown") {
      headerProblem("review", "unknown_column", { column: cell });
    }
  });
  if (kind === "task") {
    table.header.forEach((cell, i) => {
      const role = columns[i]?.role;
      if (role === "unitOfMeasure" || role === "target" || role === "baseline") {
        headerProblem("review", "ignored_column", { column: cell });
      }
    });
  }

  const walk = new TableWalk(kind, columns, ctx, problems);
  table.rows.forEach((row, i) => walk.read(row, classes[i] ?? { type: "blank" }));
  walk.finish();
  return { drafts: walk.drafts, sections: walk.sections, problems, layout: { kind, columns } };
}

/** In an indicator table "Kết quả" is the target; a basis ("Căn cứ giao") is its source document. */
function resolveColumns(columns: ColumnRole[], kind: "indicator" | "task"): ColumnRole[] {
  if (kind === "task") return columns;
  const hasSource = columns.some((c) => c.role === "sourceDocument");
  return columns.map((c): ColumnRole => {
    if (c.role === "result") return c.year === undefined ? { role: "target" } : { role: "target", year: c.year };
    if (c.role === "basis" && !hasSource) return { role: "sourceDocument" };
    if (c.role === "basis") return { role: "unknown" };
    return c;
  });
}

interface SectionCount {
  row: TableRow;
  expected: number;
  drafts: ItemDraft[];
}

class TableWalk {
  readonly drafts: ItemDraft[] = [];
  readonly sections: ImportedSection[] = [];
  private section: ImportedSection | undefined;
  private sectionCode: string | undefined;
  private horizon: number | undefined;
  /** Item drafts of the current section by number, for sub-items ("1.1" → "1"). */
  private byNumber = new Map<string, ItemDraft>();
  /** The last item row: sub-level rows attach to it. */
  private lastItem: ItemDraft | undefined;
  private readonly levels = new Map<ItemDraft, ItemDraft[]>();
  private readonly targetCellsOf = new Map<ItemDraft, number>();
  private readonly byName = new Map<string, { draft: ItemDraft; horizon: number | undefined }>();
  private readonly counts: SectionCount[] = [];
  private announced: SectionCount | undefined;
  private readonly hasTargetColumns: boolean;

  constructor(
    private readonly kind: "indicator" | "task",
    private readonly columns: ColumnRole[],
    private readonly ctx: TableContext,
    private readonly problems: ImportProblem[],
  ) {
    this.hasTargetColumns = columns.some((c) => c.role === "target");
  }

  read(row: TableRow, cls: RowClass): void {
    switch (cls.type) {
      case "blank":
        return;
      case "section":
        return this.startSection(row, cls);
      case "horizon":
        this.horizon = cls.year;
        this.lastItem = undefined;
        return;
      case "item":
        return this.readItem(row, cls.number, cls.printed);
      case "level":
        return this.readLevel(row, cls.level);
      case "note":
        this.problems.push(rowProblem(row, "review", "note_row", { note: cls.text }, `note_row_${this.kind}`));
        return;
      case "unknown":
        this.problems.push(rowProblem(row, "error", "unreadable_row", { number: cls.number }, cls.reason));
        return;
    }
  }

  finish(): void {
    const childrenOf = new Map<ItemDraft, ItemDraft[]>();
    for (const draft of this.drafts) {
      if (draft.parent) childrenOf.set(draft.parent, [...(childrenOf.get(draft.parent) ?? []), draft]);
    }
    for (const [parent, children] of childrenOf) {
      if (parent.kind !== "indicator" || parent.item.targets.length > 0) continue;
      const item = parent.item;
      const units = new Set(children.flatMap((c) => (c.kind === "indicator" && c.item.unitOfMeasure ? [c.item.unitOfMeasure] : [])));
      const [unit] = units;
      if (item.unitOfMeasure === undefined && units.size === 1 && unit !== undefined) item.unitOfMeasure = unit;
      const childTargets = children.flatMap((c) => (c.kind === "indicator" ? c.item.targets.map((t) => t.parsed) : []));
      item.valueKind = inferValueKind({ name: item.name, unitOfMeasure: item.unitOfMeasure, targets: childTargets });
      const first = childTargets[0];
      if (item.direction === "none" && first) item.direction = targetDirection(first);
    }
    for (const draft of this.drafts) {
      if (draft.kind !== "indicator" || !this.hasTargetColumns || childrenOf.has(draft)) continue;
      if ((this.targetCellsOf.get(draft) ?? 0) === 0) {
        const problem = importProblem({ line: draft.item.line, severity: "review", code: "missing_target", text: draft.item.name });
        draft.item.needsReview = true;
        draft.item.reviewReasons.push(problemAsMessage(problem));
        this.problems.push(problem);
      }
    }
    for (const { row, expected, drafts } of this.counts) {
      const found = drafts.filter((d) => d.levelIndex === undefined && !d.number.includes(".")).length;
      if (found !== expected) {
        this.problems.push(rowProblem(row, "review", "section_count_mismatch", { expected, found }));
      }
    }
  }

  private startSection(row: TableRow, cls: Extract<RowClass, { type: "section" }>): void {
    this.section = { code: cls.code, title: cls.title };
    this.sectionCode = cls.code;
    this.sections.push(this.section);
    this.byNumber = new Map();
    this.lastItem = undefined;
    if (cls.horizonYear !== undefined) this.horizon = cls.horizonYear;
    if (cls.hasValues) {
      this.problems.push(rowProblem(row, "review", "section_row_with_values"));
    }
    // "TIÊU CHÍ ĐẦU VÀO (INPUT) (07 CHỈ SỐ)" announces how many rows follow: a check on the reading.
    const announced = /\((\d{1,3})\s+(?:chi so|chi tieu|nhiem vu)\)/.exec(stripDiacritics(cls.title).toLowerCase());
    this.announced = announced?.[1] ? { row, expected: Number(announced[1]), drafts: [] } : undefined;
    if (this.announced) this.counts.push(this.announced);
  }

  private readItem(row: TableRow, number: string, printed: string): void {
    const name = this.nameOf(row);
    if (name === "") {
      this.problems.push(rowProblem(row, "error", "missing_name", { number: printed }, "missing_item_name"));
      return;
    }
    const dot = number.lastIndexOf(".");
    const parent = dot > 0 ? this.byNumber.get(number.slice(0, dot)) : undefined;
    const position = {
      appendix: this.ctx.appendix,
      number,
      ...(this.sectionCode === undefined ? {} : { sectionCode: this.sectionCode }),
      ...(parent ? { parent } : {}),
    };

    let draft: ItemDraft;
    if (this.kind === "indicator") {
      const built = buildIndicator(row, this.columns, name, printed, this.indicatorContext());
      this.problems.push(...built.problems);
      if (this.mergeIntoEarlierHorizon(built.indicator)) return;
      draft = { ...position, kind: "indicator", item: built.indicator };
      this.targetCellsOf.set(draft, this.targetCells(row));
      this.byName.set(nameKey(built.indicator), { draft, horizon: this.horizon });
    } else {
      const built = buildTask(row, this.columns, name, printed, this.taskContext());
      this.problems.push(...built.problems);
      draft = { ...position, kind: "task", item: built.task };
    }
    this.drafts.push(draft);
    this.byNumber.set(number, draft);
    this.lastItem = draft;
    this.announced?.drafts.push(draft);
  }

  private readLevel(row: TableRow, level: string): void {
    const parent = this.lastItem;
    if (this.kind !== "indicator" || !parent || parent.kind !== "indicator") {
      this.problems.push(rowProblem(row, "error", "orphan_level_row", { level }));
      return;
    }
    const siblings = this.levels.get(parent) ?? [];
    const built = buildIndicator(row, this.columns, `${parent.item.name} (${level})`, "", { ...this.indicatorContext(), level });
    const child = built.indicator;
    inheritFromParent(child, parent.item);
    this.problems.push(...built.problems);
    const draft: ItemDraft = {
      appendix: this.ctx.appendix,
      number: "",
      parent,
      levelIndex: siblings.length + 1,
      ...(parent.sectionCode === undefined ? {} : { sectionCode: parent.sectionCode }),
      kind: "indicator",
      item: child,
    };
    siblings.push(draft);
    this.levels.set(parent, siblings);
    this.targetCellsOf.set(draft, this.targetCells(row));
    this.drafts.push(draft);
  }

  /** Same name and unit as a row under another horizon: add this row's targets to that indicator. */
  private mergeIntoEarlierHorizon(indicator: ImportedIndicator): boolean {
    if (this.horizon === undefined) return false;
    const earlier = this.byName.get(nameKey(indicator));
    if (!earlier || earlier.horizon === this.horizon || earlier.draft.kind !== "indicator") return false;
    const target = earlier.draft.item;
    target.targets.push(...indicator.targets.filter((t) => !target.targets.some((e) => e.year === t.year && e.level === t.level)));
    const reasons = [...indicator.reviewReasons];
    if (unitsKey(indicator) !== unitsKey(target)) {
      const problem = importProblem({ line: indicator.line, severity: "review", code: "merged_row_differs", params: { line: indicator.line, year: this.horizon }, text: indicator.name });
      reasons.push(problemAsMessage(problem));
      this.problems.push(problem);
    }
    if (reasons.length > 0) {
      target.needsReview = true;
      target.reviewReasons.push(...reasons);
    }
    return true;
  }

  private nameOf(row: TableRow): string {
    const at = this.columns.findIndex((c) => c.role === "name");
    return row.cells[at] ?? "";
  }

  private targetCells(row: TableRow): number {
    return this.columns.filter((c, i) => c.role === "target" && (row.cells[i] ?? "") !== "").length;
  }

  private indicatorContext() {
    return {
      ...(this.horizon === undefined ? {} : { horizon: this.horizon }),
      ...(this.ctx.appendixYear === undefined ? {} : { appendixYear: this.ctx.appendixYear }),
      ...(this.ctx.planYear === undefined ? {} : { planYear: this.ctx.planYear }),
      ...(this.section ? { section: this.section } : {}),
    };
  }

  private taskContext() {
    return {
      ...(this.ctx.planYear === undefined ? {} : { planYear: this.ctx.planYear }),
      ...(this.section ? { section: this.section } : {}),
    };
  }
}

/** A sub-level row usually leaves the units, unit of measure and source to its parent's row. */
function inheritFromParent(child: ImportedIndicator, parent: ImportedIndicator): void {
  if (child.lead.length === 0) child.lead = [...parent.lead];
  if (child.coordinating.length === 0) child.coordinating = [...parent.coordinating];
  if (child.monitoring.length === 0) child.monitoring = [...parent.monitoring];
  if (child.unitCells === undefined && parent.unitCells !== undefined) child.unitCells = { ...parent.unitCells };
  if (child.sourceDocument === undefined && parent.sourceDocument !== undefined) child.sourceDocument = parent.sourceDocument;
  if (child.deadline === undefined && parent.deadline !== undefined) child.deadline = parent.deadline;
  if (child.unitOfMeasure === undefined && parent.unitOfMeasure !== undefined) {
    child.unitOfMeasure = parent.unitOfMeasure;
    child.valueKind = inferValueKind({ name: child.name, unitOfMeasure: child.unitOfMeasure, targets: child.targets.map((t) => t.parsed) });
  }
}

function unitsKey(indicator: ImportedIndicator): string {
  return [indicator.lead, indicator.coordinating, indicator.monitoring].map((units) => units.map(searchKey).join(";")).join("|");
}

function nameKey(indicator: ImportedIndicator): string {
  return `${searchKey(indicator.name)}|${searchKey(indicator.unitOfMeasure ?? "")}`;
}
