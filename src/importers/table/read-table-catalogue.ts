import type { ImportedAppendix, ImportedCatalogue, ImportedSection, ImportProblem } from "../types.ts";
import { assignCodes } from "./assign-codes.ts";
import { findAppendixHeading } from "./find-appendix-heading.ts";
import type { ItemDraft } from "./item-draft.ts";
import { parsePlanHeader } from "./parse-plan-header.ts";
import { readTableItems } from "./read-table-items.ts";
import { readTableRows } from "./read-table-rows.ts";
import { tableLayout, type TableRead } from "./table-layout.ts";

/**
 * Reads a plan document whose catalogue is in tab-separated or pipe (markdown) tables.
 *
 * Walks the document in order: prose lines give the plan header and the appendix headings
 * ("Phụ lục I", "PHỤ LỤC 01") with their titles; each table is read under the appendix above it
 * (see read-table-items.ts for rows, assign-codes.ts for codes). When the tables are spread over
 * several appendices, section codes carry the appendix ("PL2.III") so that two "I" sections of
 * different appendices stay apart.
 */
export function readTableCatalogue(text: string, opts: { planNumber?: string } = {}): ImportedCatalogue {
  const blocks = readTableRows(text);
  const header = parsePlanHeader(
    blocks.flatMap((b) => (b.type === "text" ? [b] : [])),
    opts.planNumber === undefined ? {} : { planNumber: opts.planNumber },
  );
  const problems: ImportProblem[] = [...header.problems];
  const appendices: AppendixState[] = [];
  const drafts: ItemDraft[] = [];
  const sections: { appendix: string; section: ImportedSection }[] = [];
  const tables: TableRead[] = [];

  for (const block of blocks) {
    const current = appendices.at(-1);
    if (block.type === "text") {
      const heading = findAppendixHeading(block.text);
      if (heading) {
        const key = `PL${heading.number ?? appendices.length + 1}`;
        appendices.push({ key, label: heading.label, titleLines: heading.title ? [heading.title] : [], line: block.line, open: true });
      } else if (current?.open) {
        if (/^\(?\s*kèm theo/iu.test(stripMarkup(block.text)) || current.titleLines.length >= 3) current.open = false;
        else current.titleLines.push(stripMarkup(block.text));
      }
      continue;
    }
    if (current) current.open = false;
    const appendix = current?.key ?? "PL0";
    const appendixYear = current ? yearIn(current.titleLines.join(" ")) : undefined;
    const read = readTableItems(block.table, {
      appendix,
      ...(appendixYear === undefined ? {} : { appendixYear }),
      ...(header.year === undefined ? {} : { planYear: header.year }),
    });
    drafts.push(...read.drafts);
    if (read.layout && read.drafts.length > 0) {
      const title = current ? toImportedAppendix(current).title : (header.plan.title ?? "");
      tables.push({ appendix, title, kind: read.layout.kind, header: block.table.header, columns: read.layout.columns, drafts: read.drafts, sections: read.sections });
    }
    sections.push(...read.sections.map((section) => ({ appendix, section })));
    problems.push(...read.problems);
  }

  problems.push(...assignCodes(drafts));
  if (new Set(drafts.map((d) => d.appendix)).size > 1) {
    for (const { appendix, section } of sections) section.code = `${appendix}.${section.code}`;
  }

  const catalogue: ImportedCatalogue = {
    format: "table",
    plan: header.plan,
    indicators: drafts.flatMap((d) => (d.kind === "indicator" ? [d.item] : [])),
    tasks: drafts.flatMap((d) => (d.kind === "task" ? [d.item] : [])),
    problems: problems.sort((a, b) => a.line - b.line),
  };
  if (appendices.length > 0) catalogue.appendices = appendices.map(toImportedAppendix);
  if (tables.length > 0) catalogue.tables = tableLayout(tables);
  return catalogue;
}

interface AppendixState {
  key: string;
  label: string;
  titleLines: string[];
  line: number;
  /** Still reading the title lines under the heading. */
  open: boolean;
}

function toImportedAppendix(a: AppendixState): ImportedAppendix {
  const title = a.titleLines.join(" ").trim();
  return { code: a.key, title: title === "" ? a.label : `${a.label}: ${title}`, line: a.line };
}

function yearIn(text: string): number | undefined {
  const m = /năm\s+((?:19|20)\d\d)/iu.exec(text);
  return m?.[1] ? Number(m[1]) : undefined;
}

function stripMarkup(text: string): string {
  return text.replace(/^#+\s*/, "").replace(/\*+/g, "").replace(/\s+/g, " ").trim();
}
