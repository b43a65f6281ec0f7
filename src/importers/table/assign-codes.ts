import { importProblem, problemAsMessage } from "../import-problem.ts";
import type { ImportProblem } from "../types.ts";
import type { ItemDraft } from "./item-draft.ts";

/**
 * Gives every indicator and task a code unique among the plan's indicators (resp. tasks).
 * Indicators and tasks are kept apart, as the documents number them apart.
 *
 * 1. Within an appendix, when item numbers restart in each section (seed 000: I.1–I.7, II.1–II.5),
 *    the code is "<section>.<number>" ("I.1", "III.2", "I.2.1" under section "I.2"); when the
 *    numbering runs on through the sections (seed 004 Appendix I: 1–17, Appendix II: 1–8 over
 *    sections I–VI), the code is the number ("15"). Sub-items keep their printed number ("1.1").
 * 2. A sub-level row ("Cấp tỉnh", "Cấp xã" under seed 004 #6) is "<parent>.<k>" in row order: "6.1", "6.2".
 * 3. A number printed twice in one scope (a typo in the document) gets "-2", "-3"… and a review problem.
 * 4. Only when two appendices produce the same code (seed 004: tasks 1–8 of Appendix II, 1–2 of
 *    Appendix III) are all codes of that kind prefixed with their appendix: "PL2.4", "PL3.1".
 *    Otherwise codes stay as short as people quote them.
 * Parent codes are filled in once codes are final.
 */
export function assignCodes(drafts: ItemDraft[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  for (const kind of ["indicator", "task"] as const) {
    const ofKind = drafts.filter((d) => d.kind === kind);
    const appendices = [...new Set(ofKind.map((d) => d.appendix))];
    for (const appendix of appendices) {
      codeAppendix(ofKind.filter((d) => d.appendix === appendix), problems);
    }
    if (appendices.length > 1 && collides(ofKind)) {
      for (const d of ofKind) d.item.code = `${d.appendix}.${d.item.code}`;
    }
  }
  for (const d of drafts) {
    if (d.kind === "indicator" && d.parent) d.item.parentCode = d.parent.item.code;
  }
  return problems;
}

function codeAppendix(drafts: ItemDraft[], problems: ImportProblem[]): void {
  const restarts = numberingRestarts(drafts);
  const used = new Set<string>();
  for (const d of drafts) {
    const base =
      d.levelIndex !== undefined && d.parent
        ? `${d.parent.item.code}.${d.levelIndex}`
        : restarts && d.sectionCode
          ? `${d.sectionCode}.${d.number}`
          : d.number;
    let code = base;
    for (let k = 2; used.has(code); k++) code = `${base}-${k}`;
    if (code !== base) {
      const problem = importProblem({ line: d.item.line, severity: "review", code: "duplicate_number", params: { number: base, code }, text: d.item.name });
      d.item.needsReview = true;
      d.item.reviewReasons.push(problemAsMessage(problem));
      problems.push(problem);
    }
    used.add(code);
    d.item.code = code;
  }
}

/** True when a top-level item number appears under two different sections. */
function numberingRestarts(drafts: ItemDraft[]): boolean {
  const sectionOf = new Map<string, string>();
  for (const d of drafts) {
    if (d.levelIndex !== undefined || d.number.includes(".")) continue;
    const section = d.sectionCode ?? "";
    const seen = sectionOf.get(d.number);
    if (seen !== undefined && seen !== section) return true;
    sectionOf.set(d.number, section);
  }
  return false;
}

function collides(drafts: ItemDraft[]): boolean {
  const appendixOf = new Map<string, string>();
  for (const d of drafts) {
    const seen = appendixOf.get(d.item.code);
    if (seen !== undefined && seen !== d.appendix) return true;
    appendixOf.set(d.item.code, d.appendix);
  }
  return false;
}
