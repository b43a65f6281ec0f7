import { importProblem } from "../import-problem.ts";
import type { Message } from "../../chat/types.ts";
import { inferValueKind } from "../../domain/infer-value-kind.ts";
import { parseTarget, targetDirection } from "../../domain/parse-target.ts";
import type { Target } from "../../domain/types.ts";
import type { ImportedIndicator, ImportedTarget, ImportProblem } from "../types.ts";
import { placeTargets, type TargetPlacement } from "./place-targets.ts";
import type { RowDraft } from "./row-draft.ts";
import { splitResponsibleCell } from "./split-responsible-cell.ts";
import { quoteList } from "./quote-list.ts";

/**
 * The indicator a row draft stands for: name, targets placed by the column rule (see
 * parse-pdf-text-catalogue.ts), units, kind and direction. Everything uncertain is both a review
 * reason on the indicator and a "review" problem; a row without a name is an "error" and is dropped.
 */
export function buildIndicator(draft: RowDraft, code: string, horizons: readonly number[], problems: ImportProblem[]): ImportedIndicator | undefined {
  const name = draft.nameParts.join(" ").replace(/\s+/g, " ").trim().replace(/(?<!\.)\.$/u, "").trim();
  if (name === "") {
    problems.push(importProblem({ line: draft.line, severity: "error", code: "missing_name", key: "row_without_name", params: { row: draft.printedNumber }, text: draft.printedNumber }));
    for (const note of draft.notes) {
      problems.push(importProblem({ line: note.line, severity: "error", code: note.code, key: "in_row", params: { row: draft.printedNumber, problem: { key: `importer.problem.${note.key}`, params: note.params } }, text: note.text }));
    }
    return undefined;
  }
  const reviewReasons: Message[] = [];
  const review = (line: number, problemCode: string, problem: Message, text: string): void => {
    reviewReasons.push(problem);
    problems.push(importProblem({ line, severity: "review", code: problemCode, key: "in_indicator", params: { indicator: code, problem }, text }));
  };
  const said = (key: string, params: Message["params"] = {}): Message => ({ key: `importer.problem.${key}`, params });

  const values = draft.values;
  const raws = [...(values?.tokens ?? [])];
  const textTarget = draft.textTarget.join(" ").replace(/\s+/g, " ").trim();
  if (textTarget) raws.push(textTarget);
  const evidence = { blankBefore: values?.blankBefore ?? false, blankAfter: textTarget ? false : values?.blankAfter };
  const placement = placeTargets(raws.length, horizons, evidence);
  const targets: ImportedTarget[] = [];
  const unplacedTargets: { raw: string; parsed: Target }[] = [];
  const valuesLine = values?.line ?? draft.line;
  const valuesText = values?.lineText ?? textTarget;

  if (raws.length === 0) {
    review(draft.line, "missing_targets", said("no_target_value"), draft.printedNumber);
  } else if (placement.kind === "unplaced") {
    for (const raw of raws) unplacedTargets.push({ raw, parsed: parseTarget(raw) });
    review(
      valuesLine,
      "unplaced_targets",
      said(raws.length === 1 ? "unplaced_target" : "unplaced_targets", { targets: quoteList(raws), horizons: horizons.join(", "), why: said(`why_${placement.reason}`) }),
      valuesText,
    );
  } else {
    placement.years.forEach((year, i) => {
      const raw = raws[i];
      if (raw !== undefined) targets.push({ year, raw, parsed: parseTarget(raw) });
    });
    if (placement.kind !== "complete") {
      review(valuesLine, "uncertain_horizons", partialPlacement(placement, targets, raws.length, horizons.length, evidence.blankAfter), valuesText);
    }
  }

  const cell = draft.ownCell ?? draft.sharedCell;
  const units = cell ? splitResponsibleCell(cell.parts.join(" ")) : { lead: [], coordinating: [] };
  if (units.lead.length === 0) {
    review(draft.line, "missing_unit", said("no_responsible_unit"), draft.printedNumber);
  }
  for (const note of draft.notes) review(note.line, note.code, said(note.key, note.params), note.text);

  const parsedTargets = [...targets.map((t) => t.parsed), ...unplacedTargets.map((t) => t.parsed)];
  const firstTarget = parsedTargets[0];
  const indicator: ImportedIndicator = {
    code,
    printedNumber: draft.printedNumber,
    ...(draft.section ? { section: draft.section } : {}),
    name,
    valueKind: inferValueKind({ name, targets: parsedTargets }),
    direction: firstTarget ? targetDirection(firstTarget) : "none",
    targets,
    lead: units.lead,
    coordinating: units.coordinating,
    monitoring: [],
    needsReview: reviewReasons.length > 0,
    reviewReasons,
    line: draft.line,
  };
  if (unplacedTargets.length > 0) indicator.unplacedTargets = unplacedTargets;
  return indicator;
}

/** Some target cells were lost in the PDF text: which were placed and which horizons stay empty. */
function partialPlacement(
  placement: Extract<TargetPlacement, { kind: "from_first" | "from_last" }>,
  targets: ImportedTarget[],
  valueCount: number,
  horizonCount: number,
  blankAfter: boolean | undefined,
): Message {
  const placed = targets.map((t) => `${t.year} "${t.raw}"`).join(", ");
  const empty = placement.emptyYears.join(", ");
  const evidence = placement.kind === "from_first" ? (blankAfter ? "from_first_blank_after" : "from_first") : "from_last";
  return {
    key: "importer.problem.uncertain_horizons",
    params: { values: valueCount, of: horizonCount, horizons: [...placement.years, ...placement.emptyYears].sort((a, b) => a - b).join(", "), evidence: { key: `importer.problem.evidence_${evidence}` }, placed, empty },
  };
}
