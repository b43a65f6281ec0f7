import type { ImportedSection, ImportedTableLayout, LayoutRow } from "../types.ts";
import type { ItemDraft } from "./item-draft.ts";
import type { ColumnRole } from "./table-types.ts";

export interface TableRead {
  appendix: string;
  title: string;
  kind: "indicator" | "task";
  header: string[];
  columns: ColumnRole[];
  drafts: ItemDraft[];
  sections: ImportedSection[];
}

/**
 * The layout of the tables read, once codes are final: section rows where the document has them
 * (sections without items too), items in document order. A table whose header repeats after a page
 * break continues the one before it.
 */
export function tableLayout(reads: TableRead[]): ImportedTableLayout[] {
  const out: ImportedTableLayout[] = [];
  let last: { layout: ImportedTableLayout; read: TableRead } | undefined;
  for (const read of reads) {
    const rows = layoutRows(read);
    if (last && last.read.appendix === read.appendix && last.read.kind === read.kind && last.read.header.join("\t") === read.header.join("\t")) {
      const known = new Set(last.layout.rows.filter((r) => r.type === "section").map((r) => r.code));
      last.layout.rows.push(...rows.filter((r) => r.type === "item" || !known.has(r.code)));
      continue;
    }
    const layout: ImportedTableLayout = { kind: read.kind, appendix: read.appendix === "PL0" ? "" : read.appendix, title: read.title, headers: read.header, columns: read.columns.map(columnName), rows };
    out.push(layout);
    last = { layout, read };
  }
  return out;
}

function layoutRows(read: TableRead): LayoutRow[] {
  const rows: LayoutRow[] = [];
  const emitted = new Set<ImportedSection>();
  const emitUpTo = (section: ImportedSection | undefined) => {
    if (!section || emitted.has(section)) return;
    for (const s of read.sections) {
      if (emitted.has(s)) continue;
      emitted.add(s);
      rows.push({ type: "section", code: s.code, title: s.title });
      if (s === section) return;
    }
  };
  for (const d of read.drafts) {
    emitUpTo(d.item.section);
    rows.push({ type: "item", code: d.item.code });
  }
  emitUpTo(read.sections.at(-1));
  return rows;
}

function columnName(c: ColumnRole): string {
  return "year" in c && c.year !== undefined ? `${c.role}:${c.year}` : c.role;
}
