import { z } from "zod";
import { mapHeaders, readUploadedRows } from "../importers/read-uploaded-rows.ts";
import { inTransaction, type Db } from "../../db/client.ts";
import {
  activeInviteCode,
  findPeopleByNameInUnit,
  findPersonByPhone,
  insertPerson,
  rolesOf,
  setRoles,
  updatePerson,
  type PersonRow,
} from "../../db/repositories/people-repository.ts";
import { findUnitById } from "../../db/repositories/units-repository.ts";
import { parseRoles } from "../domain/parse-role.ts";
import { phoneNumber } from "../domain/phone-number.ts";
import type { Role } from "../domain/roles.ts";
import type { SpreadsheetRow } from "../importers/read-spreadsheet-rows.ts";
import { ensureInviteCode } from "./invite-codes.ts";
import { findUnitByName } from "./unit-directory.ts";

export interface ImportedPerson {
  line: number;
  id: number;
  name: string;
  phone: string | null;
  unit: string;
  roles: Role[];
  status: "created" | "updated" | "unchanged";
  /** null in a dry run for someone without a usable code yet: the real import issues it, and no code is shown that will not be. */
  inviteCode: string | null;
  inviteExpiresAt: string | null;
}

export interface PeopleImportProblem {
  line: number;
  code: "missing_column" | "invalid_row" | "unknown_unit" | "unknown_role" | "invalid_phone" | "duplicate_phone";
  message: string;
  text: string;
  /** The value the problem is about (a unit's name, a phone, a column), for a localized message. */
  value?: string;
}

/** The file is not a spreadsheet at all (a photo, a Word file, a broken workbook): nothing was read. */
export class PeopleFileError extends Error {
  override name = "PeopleFileError";
  constructor(
    readonly reason: "binary" | "unreadable",
    detail: string,
  ) {
    super(detail);
  }
}

export interface PeopleImportResult {
  people: ImportedPerson[];
  problems: PeopleImportProblem[];
}

const columnWords: Record<"name" | "phone" | "unit" | "role" | "locale", string[]> = {
  name: ["name", "ho ten", "ho va ten", "ten", "full name"],
  phone: ["phone", "so dien thoai", "dien thoai", "sdt", "mobile"],
  unit: ["unit", "don vi", "co quan", "co quan don vi"],
  role: ["role", "roles", "vai tro", "chuc trach"],
  locale: ["locale", "language", "ngon ngu"],
};

const rowSchema = z.object({
  name: z.string().trim().min(1, "the name is empty").max(200, "the name is longer than 200 characters"),
  phone: z.string().trim().max(30).optional(),
  unit: z.string().trim().min(1, "the unit is empty").max(300),
  role: z.string().trim().max(200).optional(),
  locale: z.enum(["vi", "en"]).optional(),
});

/**
 * Creates or updates people from a CSV/XLSX (columns: name, phone, unit, role; Vietnamese headers
 * work too) and gives each one invite code. Units are matched like the catalogue's, never invented.
 * A person is the same person when the phone matches, or, with no phone, the name within the unit.
 */
export async function importPeople(
  db: Db,
  file: { bytes: Uint8Array; fileName: string },
  opts: { now: Date; inviteTtlDays: number; dryRun?: boolean },
): Promise<PeopleImportResult> {
  const rows = await readPeopleRows(file);
  const result: PeopleImportResult = { people: [], problems: [] };
  const headerMap = mapHeaders(rows[0], columnWords);
  for (const missing of (["name", "unit"] as const).filter((c) => !headerMap[c])) {
    result.problems.push({ line: 1, code: "missing_column", message: `The file has no "${missing}" column.`, text: Object.keys(rows[0]?.cells ?? {}).join(", "), value: missing });
  }
  if (result.problems.length) return result;

  const apply = async () => {
    const phonesSeen = new Set<string>();
    for (const row of rows) {
      const person = await importRow(db, row, headerMap, phonesSeen, opts, result.problems);
      if (person) result.people.push(person);
    }
  };
  if (opts.dryRun) {
    // Run the real thing, then roll back: what a dry run shows is exactly what an import would do.
    try {
      await inTransaction(db, async () => {
        await apply();
        throw new DryRunRollback();
      });
    } catch (err) {
      if (!(err instanceof DryRunRollback)) throw err;
    }
  } else {
    await inTransaction(db, apply);
  }
  return result;
}

class DryRunRollback extends Error {}

async function importRow(
  db: Db,
  row: SpreadsheetRow,
  headerMap: Partial<Record<keyof typeof columnWords, string>>,
  phonesSeen: Set<string>,
  opts: { now: Date; inviteTtlDays: number; dryRun?: boolean },
  problems: PeopleImportProblem[],
): Promise<ImportedPerson | undefined> {
  const text = Object.values(row.cells).join(" | ");
  const pick = (c: keyof typeof columnWords) => (headerMap[c] ? row.cells[headerMap[c]] : undefined) || undefined;
  const parsed = rowSchema.safeParse({ name: pick("name"), phone: pick("phone"), unit: pick("unit"), role: pick("role"), locale: pick("locale")?.toLowerCase() });
  if (!parsed.success) {
    // The cells named as the file heads them ("Họ tên"); zod's own words (English) only in `message`, for --json.
    const cells = [...new Set(parsed.error.issues.map((i) => String(i.path[0] ?? "")))].map((f) => headerMap[f as keyof typeof columnWords] ?? f);
    problems.push({ line: row.line, code: "invalid_row", message: parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; "), text, value: cells.join(", ") });
    return undefined;
  }
  const input = parsed.data;
  let phone: string | null = null;
  if (input.phone) {
    phone = phoneNumber(input.phone) ?? null;
    if (!phone) {
      problems.push({ line: row.line, code: "invalid_phone", message: `"${input.phone}" is not a Vietnamese phone number; the row was skipped.`, text, value: input.phone });
      return undefined;
    }
    if (phonesSeen.has(phone)) {
      problems.push({ line: row.line, code: "duplicate_phone", message: `Phone ${phone} appears twice in the file; the second row was skipped.`, text, value: phone });
      return undefined;
    }
    phonesSeen.add(phone);
  }
  const unit = await findUnitByName(db, input.unit);
  if (!unit) {
    problems.push({ line: row.line, code: "unknown_unit", message: `No unit called "${input.unit}" is in the organisation tree; add it or fix the spelling. The row was skipped.`, text, value: input.unit });
    return undefined;
  }
  const { roles, unknown } = parseRoles(input.role ?? "focal_point");
  if (unknown.length) {
    problems.push({ line: row.line, code: "unknown_role", message: `Unknown role(s) ${unknown.map((u) => `"${u}"`).join(", ")}; use focal_point / unit_head / coordinator / admin (or đầu mối / lãnh đạo / điều phối / quản trị).`, text, value: unknown.map((u) => `"${u}"`).join(", ") });
    if (roles.length === 0) return undefined;
  }

  const existing: PersonRow | undefined = phone ? await findPersonByPhone(db, phone) : (await findPeopleByNameInUnit(db, input.name, unit.id))[0];
  let status: ImportedPerson["status"];
  let person: PersonRow;
  const locale = input.locale ?? existing?.locale ?? "vi";
  if (!existing) {
    person = await insertPerson(db, { name: input.name, phone, unitId: unit.id, locale });
    status = "created";
  } else if (existing.name !== input.name || existing.unitId !== unit.id || existing.locale !== locale || existing.phone !== phone) {
    person = await updatePerson(db, existing.id, { name: input.name, unitId: unit.id, locale, phone }, opts.now);
    status = "updated";
  } else {
    person = existing;
    status = "unchanged";
  }
  if (await setRoles(db, person.id, roles) && status === "unchanged") status = "updated";
  // A dry run is rolled back: a code made here would never exist. Show only a code the import will hand out.
  const invite = opts.dryRun ? await activeInviteCode(db, person.id, opts.now) : await ensureInviteCode(db, person.id, opts.now, opts.inviteTtlDays);
  return {
    line: row.line,
    id: person.id,
    name: person.name,
    phone: person.phone,
    unit: (await findUnitById(db, unit.id))?.name ?? input.unit,
    roles: await rolesOf(db, person.id),
    status,
    inviteCode: invite?.code ?? null,
    inviteExpiresAt: invite?.expiresAt.toISOString() ?? null,
  };
}

/** The rows, or a PeopleFileError when the file is no spreadsheet. */
function readPeopleRows(file: { bytes: Uint8Array; fileName: string }): Promise<SpreadsheetRow[]> {
  return readUploadedRows(file, (kind, detail) => new PeopleFileError(kind, detail));
}
