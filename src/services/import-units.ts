import { inTransaction, type Db } from "../../db/client.ts";
import { mapHeaders, readUploadedRows } from "../importers/read-uploaded-rows.ts";
import { setUnitKind } from "../../db/repositories/unit-setup-repository.ts";
import { findUnitById, listUnits, type UnitRow } from "../../db/repositories/units-repository.ts";
import { searchKey } from "../domain/search-key.ts";
import { unitKinds, type UnitKind } from "../domain/types.ts";
import { canonicalUnitName, unitKey } from "../domain/unit-name.ts";
import type { SpreadsheetRow } from "../importers/read-spreadsheet-rows.ts";
import { addUnit, moveUnit, renameUnit, UnitChangeError } from "./manage-units.ts";
import { findUnitByName } from "./unit-directory.ts";
import { changeUnitStanding, type SetupActor } from "./unit-standing.ts";

/** What an import does to one row's unit; a dry run shows exactly this, then rolls back. */
export interface ImportedUnit {
  line: number;
  name: string;
  /** The name it had (renamed: a spelling of one of its names, or an alias, now its name). */
  previousName: string | null;
  parent: string | null;
  kind: UnitKind;
  external: boolean;
  status: "added" | "renamed" | "changed" | "unchanged";
}

export interface UnitImportProblem {
  line: number;
  code: "missing_column" | "empty_name" | "bad_kind" | "bad_external" | "unknown_parent" | "duplicate" | "cycle";
  /** The value the problem is about (a column, a kind, a parent's name), for a localized message. */
  value: string;
  text: string;
}

export interface UnitImportResult {
  units: ImportedUnit[];
  problems: UnitImportProblem[];
}

/** The file is not a spreadsheet at all (a photo, a Word file, a broken workbook): nothing was read. */
export class UnitFileError extends Error {
  override name = "UnitFileError";
  constructor(
    readonly reason: "binary" | "unreadable",
    detail: string,
  ) {
    super(detail);
  }
}

const columnWords: Record<"name" | "parent" | "kind" | "external", string[]> = {
  name: ["name", "ten", "ten don vi", "don vi", "co quan"],
  parent: ["parent", "truc thuoc", "cap tren", "don vi cap tren", "thuoc"],
  kind: ["kind", "loai", "loai don vi"],
  external: ["external", "ngoai tinh", "ngoai", "trung uong"],
};

/** Kinds as people write them: the codes, or Vietnamese words. */
const kindWords: Record<string, UnitKind> = {
  department: "department", "so": "department", "so nganh": "department", "so, nganh": "department",
  commune: "commune", "xa": "commune", "phuong": "commune", "xa phuong": "commune", "xa, phuong": "commune",
  office: "office", "phong": "office",
  agency: "agency", "co quan": "agency",
  enterprise_group: "enterprise_group", "doanh nghiep": "enterprise_group",
};
const yesWords = new Set(["x", "1", "yes", "y", "true", "co", "ngoai tinh"]);
const noWords = new Set(["", "0", "no", "n", "false", "khong", "trong tinh"]);

/**
 * Adds and updates units from a CSV/XLSX list (columns name, parent, kind, external; Vietnamese
 * headers "tên", "trực thuộc", "loại", "ngoài tỉnh" too). A row names a unit by its name or any of
 * its aliases: one spelled differently takes the row's name (the old one stays an alias, as
 * `units rename` does); parent, kind and "outside the province" follow the row when given. A parent
 * may be a unit of the tree or of another row. Bad rows are reported by line and skipped.
 * With dryRun the same work runs and is rolled back: the preview is what the import would do.
 */
export async function importUnits(db: Db, file: { bytes: Uint8Array; fileName: string }, opts: { now: Date; actor: SetupActor; dryRun?: boolean }): Promise<UnitImportResult> {
  const rows = await readUnitRows(file);
  const result: UnitImportResult = { units: [], problems: [] };
  const headers = mapHeaders(rows[0], columnWords);
  if (!headers.name) {
    result.problems.push({ line: 1, code: "missing_column", value: "name", text: Object.keys(rows[0]?.cells ?? {}).join(", ") });
    return result;
  }
  const apply = () => applyRows(db, rows, headers, opts, result);
  if (opts.dryRun) {
    try {
      await inTransaction(db, async () => {
        await apply();
        throw new DryRunRollback();
      });
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err;
    }
  } else await inTransaction(db, apply);
  return result;
}

class DryRunRollback extends Error {}

interface ParsedRow {
  line: number;
  text: string;
  name: string;
  parent: string | undefined;
  kind: UnitKind | undefined;
  external: boolean | undefined;
}

async function applyRows(db: Db, rows: SpreadsheetRow[], headers: Partial<Record<keyof typeof columnWords, string>>, opts: { now: Date; actor: SetupActor }, result: UnitImportResult): Promise<void> {
  const before = new Map((await listUnits(db)).map((u) => [u.id, u]));
  const parsed: ParsedRow[] = [];
  const seen = new Set<string>();
  for (const row of rows) {
    const cell = (c: keyof typeof columnWords) => (headers[c] ? (row.cells[headers[c]] ?? "").trim() : "");
    const text = Object.values(row.cells).join(" | ");
    const name = cell("name");
    if (!name) {
      result.problems.push({ line: row.line, code: "empty_name", value: "", text });
      continue;
    }
    const key = searchKey(canonicalUnitName(name));
    if (seen.has(key)) {
      result.problems.push({ line: row.line, code: "duplicate", value: name, text });
      continue;
    }
    seen.add(key);
    const kindText = cell("kind");
    const kind = kindText ? kindWords[searchKey(kindText).replace(/\s+/g, " ")] ?? (unitKinds as readonly string[]).find((k) => k === kindText) : undefined;
    if (kindText && !kind) {
      result.problems.push({ line: row.line, code: "bad_kind", value: kindText, text });
      continue;
    }
    const externalText = searchKey(cell("external"));
    const external = headers.external === undefined ? undefined : yesWords.has(externalText) ? true : noWords.has(externalText) ? false : null;
    if (external === null) {
      result.problems.push({ line: row.line, code: "bad_external", value: cell("external"), text });
      continue;
    }
    parsed.push({ line: row.line, text, name, parent: cell("parent") || undefined, kind: kind as UnitKind | undefined, external });
  }

  // Pass 1: every named unit exists under its row's name (so a parent may come later in the file).
  const unitOf = new Map<ParsedRow, { unit: UnitRow; status: ImportedUnit["status"]; previousName: string | null }>();
  for (const r of parsed) {
    const name = canonicalUnitName(r.name);
    const existing = await findUnitByName(db, name);
    if (!existing) {
      const { unit } = await addUnit(db, { name, ...(r.kind ? { kind: r.kind } : {}) }, opts.now);
      unitOf.set(r, { unit, status: "added", previousName: null });
    } else if (existing.name !== name && (existing.key !== unitKey(name) || /[^\x00-\x7f]/.test(name))) {
      // Another of its names, or the same written otherwise with its diacritics: the list's spelling wins.
      // A row typed without diacritics ("bo cong an") names the unit without renaming it.
      const { unit, previous } = await renameUnit(db, existing.name, name);
      unitOf.set(r, { unit, status: "renamed", previousName: previous });
    } else unitOf.set(r, { unit: existing, status: "unchanged", previousName: null });
  }
  // Pass 2: parent, kind and standing as the rows say.
  for (const r of parsed) {
    const entry = unitOf.get(r)!;
    let changed = false;
    if (r.parent !== undefined) {
      const parent = await findUnitByName(db, r.parent);
      if (!parent) {
        result.problems.push({ line: r.line, code: "unknown_parent", value: r.parent, text: r.text });
      } else if ((await findUnitById(db, entry.unit.id))!.parentId !== parent.id) {
        try {
          await moveUnit(db, entry.unit.name, parent.name);
          changed = true;
        } catch (err) {
          if (!(err instanceof UnitChangeError)) throw err;
          result.problems.push({ line: r.line, code: "cycle", value: r.parent, text: r.text });
        }
      }
    }
    if (r.kind && (await findUnitById(db, entry.unit.id))!.kind !== r.kind) {
      await setUnitKind(db, entry.unit.id, r.kind);
      changed = true;
    }
    if (r.external !== undefined && (await findUnitById(db, entry.unit.id))!.external !== r.external) {
      await changeUnitStanding(db, entry.unit.id, r.external ? "external" : "internal", opts.actor, opts.now);
      changed = true;
    }
    const now = (await findUnitById(db, entry.unit.id))!;
    const status = entry.status === "unchanged" && changed && before.has(now.id) ? "changed" : entry.status;
    result.units.push({
      line: r.line,
      name: now.name,
      previousName: entry.previousName,
      parent: now.parentId ? ((await findUnitById(db, now.parentId))?.name ?? null) : null,
      kind: now.kind,
      external: now.external,
      status,
    });
  }
}

/** The rows, or a UnitFileError when the file is no spreadsheet. */
function readUnitRows(file: { bytes: Uint8Array; fileName: string }): Promise<SpreadsheetRow[]> {
  return readUploadedRows(file, (kind, detail) => new UnitFileError(kind, detail));
}
