import { and, eq, inArray, isNull } from "drizzle-orm";
import ExcelJS from "exceljs";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { findPersonByPhone, listPeople, rolesOf } from "../../db/repositories/people-repository.ts";
import { listUnits } from "../../db/repositories/units-repository.ts";
import { assignments, indicators, plans, tasks } from "../../db/schema.ts";
import { itemsAssignedToPerson } from "../../src/services/assignments.ts";
import { importPeople, type PeopleImportResult } from "../../src/services/import-people.ts";
import { findUnitByName } from "../../src/services/unit-directory.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { peek } from "../support/peek.ts";

const NOW = new Date("2026-03-02T02:00:00Z");
const TTL_DAYS = 30;

let db: Db;
let remove: () => void;

beforeEach(async () => {
  const t = await tempDemoDatabase(NOW);
  db = t.db;
  remove = t.remove;
});
afterEach(() => remove());

function importCsv(lines: string[], opts: { dryRun?: boolean; now?: Date } = {}): Promise<PeopleImportResult> {
  const bytes = new TextEncoder().encode(`${lines.join("\n")}\n`);
  return importPeople(db, { bytes, fileName: "people.csv" }, { now: opts.now ?? NOW, inviteTtlDays: TTL_DAYS, dryRun: opts.dryRun });
}

async function counts() {
  const count = async (table: string) => (await peek<{ n: number }>(db, `select count(*) as n from ${table}`))!.n;
  return { people: await count("people"), person_roles: await count("person_roles"), invite_codes: await count("invite_codes"), units: await count("units"), unit_aliases: await count("unit_aliases") };
}

describe("people import", () => {
  it("gives a focal point of 'Sở KH&CN' the indicators and tasks Sở Khoa học và Công nghệ leads in the imported plans", async () => {
    const result = await importCsv(["name,phone,unit,role", "Nguyễn Văn An,0987 654 321,Sở KH&CN,đầu mối"]);
    expect(result.problems).toEqual([]);
    expect(result.people).toEqual([
      expect.objectContaining({ line: 2, name: "Nguyễn Văn An", phone: "0987654321", unit: "Sở Khoa học và Công nghệ", roles: ["focal_point"], status: "created" }),
    ]);

    const khcn = await findUnitByName(db, "Sở Khoa học và Công nghệ");
    if (!khcn) throw new Error("the demo has no Sở Khoa học và Công nghệ");
    const leads = (await db
      .select({ subjectKey: assignments.subjectKey })
      .from(assignments)
      .where(and(eq(assignments.unitId, khcn.id), eq(assignments.role, "lead"), isNull(assignments.removedAt)))
      .all())
      .map((r) => r.subjectKey)
      .sort();

    const items = await itemsAssignedToPerson(db, result.people[0]?.id ?? -1);
    const key = (i: { subjectType: string; subjectId: number }) => `${i.subjectType === "indicator" ? "i" : "t"}:${i.subjectId}`;
    expect(items.filter((i) => i.role === "lead").map(key).sort()).toEqual(leads);
    expect(items.every((i) => i.unit === "Sở Khoa học và Công nghệ")).toBe(true);

    // The department leads indicators and tasks across the demo plans, not just in one of them.
    expect(leads.length).toBeGreaterThan(10);
    const ledIndicatorIds = leads.filter((k) => k.startsWith("i:")).map((k) => Number(k.slice(2)));
    const ledTaskIds = leads.filter((k) => k.startsWith("t:")).map((k) => Number(k.slice(2)));
    expect(ledIndicatorIds.length).toBeGreaterThan(0);
    expect(ledTaskIds.length).toBeGreaterThan(0);
    const plansOfIndicators = await db.selectDistinct({ number: plans.number }).from(indicators).innerJoin(plans, eq(plans.id, indicators.planId)).where(inArray(indicators.id, ledIndicatorIds)).all();
    expect(plansOfIndicators.map((p) => p.number)).toContain("52/KH-UBND");
    const ledTasks = await db.select({ code: tasks.code }).from(tasks).where(inArray(tasks.id, ledTaskIds)).all();
    expect(items).toContainEqual(expect.objectContaining({ subjectType: "task", code: ledTasks[0]?.code, role: "lead" }));
    expect(items).toContainEqual(expect.objectContaining({ plan: "52/KH-UBND", code: "III.3", role: "lead", subjectType: "indicator" }));
  });

  it("reports an unknown unit with its line and does not create it", async () => {
    const before = await counts();
    const result = await importCsv([
      "name,phone,unit,role",
      "Trần Thị Bình,0987654322,Sở Tài chính,lãnh đạo",
      "Lê Văn Cường,0987654323,Sở Không Tồn Tại,đầu mối",
    ]);
    expect(result.people.map((p) => p.name)).toEqual(["Trần Thị Bình"]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, code: "unknown_unit", text: expect.stringContaining("Sở Không Tồn Tại") })]);
    expect(result.problems[0]?.message).toContain("Sở Không Tồn Tại");
    expect((await listUnits(db)).map((u) => u.name)).not.toContain("Sở Không Tồn Tại");
    expect(await counts()).toEqual({ ...before, people: before.people + 1, person_roles: before.person_roles + 1, invite_codes: before.invite_codes + 1 });
    expect(await findPersonByPhone(db, "0987654323")).toBeUndefined();
  });

  it("reads Vietnamese headers (họ tên, số điện thoại, đơn vị, vai trò) and several roles in one cell", async () => {
    const result = await importCsv([
      "Họ tên,Số điện thoại,Đơn vị,Vai trò",
      "Phan Thị Dung,+84 912 111 222,Sở KHCN,lãnh đạo; điều phối",
      "Võ Văn Em,0912111223,UBND phường Gia Sàng,Đầu mối",
    ]);
    expect(result.problems).toEqual([]);
    expect(result.people.map((p) => [p.name, p.phone, p.unit, p.roles.sort()])).toEqual([
      ["Phan Thị Dung", "0912111222", "Sở Khoa học và Công nghệ", ["coordinator", "unit_head"]],
      ["Võ Văn Em", "0912111223", "UBND phường Gia Sàng", ["focal_point"]],
    ]);
    const dung = await findPersonByPhone(db, "0912111222");
    expect((await rolesOf(db, dung?.id ?? -1)).sort()).toEqual(["coordinator", "unit_head"]);
  });

  it("imports an XLSX workbook, with the phone typed as a number that lost its leading zero", async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet("Danh sách");
    sheet.addRow(["Họ và tên", "Số điện thoại", "Đơn vị", "Vai trò", "locale"]);
    sheet.addRow(["Đặng Thu Giang", 987123456, "Sở Tài chính", "đầu mối", "en"]);
    sheet.addRow(["Bùi Văn Hải", "0987123457", "Thống kê tỉnh", "focal_point", ""]);
    const bytes = new Uint8Array(await workbook.xlsx.writeBuffer());

    const result = await importPeople(db, { bytes, fileName: "can-bo.xlsx" }, { now: NOW, inviteTtlDays: TTL_DAYS });
    expect(result.problems).toEqual([]);
    expect(result.people.map((p) => [p.line, p.name, p.phone, p.unit, p.status])).toEqual([
      [2, "Đặng Thu Giang", "0987123456", "Sở Tài chính", "created"],
      [3, "Bùi Văn Hải", "0987123457", "Thống kê tỉnh", "created"],
    ]);
    expect((await findPersonByPhone(db, "0987123456"))?.locale).toBe("en");
    expect((await itemsAssignedToPerson(db, result.people[0]?.id ?? -1)).length).toBeGreaterThan(0);
  });

  it("gives each person one invite code that works for INVITE_CODE_TTL_DAYS days, without look-alike letters", async () => {
    const result = await importCsv(["name,phone,unit,role", "Nguyễn Văn An,0987654321,Sở KH&CN,đầu mối", "Trần Thị Bình,0987654322,Sở Tài chính,lãnh đạo"]);
    const codes = result.people.map((p) => p.inviteCode);
    expect(new Set(codes).size).toBe(2);
    for (const code of codes) expect(code).toMatch(/^[A-HJKMNP-Z2-9]{8}$/);
    expect(result.people[0]?.inviteExpiresAt).toBe(new Date(NOW.getTime() + TTL_DAYS * 86_400_000).toISOString());
  });

  it("reports 'unchanged' on a re-import and hands out the same invite code; an edited row updates the same person", async () => {
    const lines = ["name,phone,unit,role", "Nguyễn Văn An,0987654321,Sở KH&CN,đầu mối", "Trần Thị Bình,0987654322,Sở Tài chính,lãnh đạo"];
    const first = await importCsv(lines);
    const before = await counts();

    const again = await importCsv(lines, { now: new Date("2026-03-05T02:00:00Z") });
    expect(again.problems).toEqual([]);
    expect(again.people.map((p) => p.status)).toEqual(["unchanged", "unchanged"]);
    expect(again.people.map((p) => [p.id, p.inviteCode])).toEqual(first.people.map((p) => [p.id, p.inviteCode]));
    expect(await counts()).toEqual(before);

    const edited = await importCsv(["name,phone,unit,role", "Nguyễn Văn Ân,0987654321,Sở Tài chính,đầu mối; lãnh đạo"]);
    expect(edited.people).toEqual([expect.objectContaining({ id: first.people[0]?.id, name: "Nguyễn Văn Ân", unit: "Sở Tài chính", status: "updated", inviteCode: first.people[0]?.inviteCode })]);
    expect((await counts()).people).toBe(before.people);
  });

  it("lists a duplicate phone, a bad phone and an unknown role by line, and imports the good rows", async () => {
    const result = await importCsv([
      "name,phone,unit,role",
      "Nguyễn Văn An,0987654321,Sở KH&CN,đầu mối",
      "Người Trùng Số,0987.654.321,Sở Tài chính,đầu mối",
      "Số Sai,12345,Sở Tài chính,đầu mối",
      "Vai Trò Lạ,0987654324,Sở Tài chính,thủ quỹ",
    ]);
    expect(result.people.map((p) => p.name)).toEqual(["Nguyễn Văn An"]);
    expect(result.problems.map((p) => [p.line, p.code])).toEqual([
      [3, "duplicate_phone"],
      [4, "invalid_phone"],
      [5, "unknown_role"],
    ]);
    expect(result.problems[1]?.message).toContain("12345");
    expect(result.problems[2]?.message).toContain('"thủ quỹ"');
    expect(await findPersonByPhone(db, "0987654324")).toBeUndefined();
  });

  it("reports a file without a unit column instead of guessing", async () => {
    const result = await importCsv(["name,phone", "Nguyễn Văn An,0987654321"]);
    expect(result.people).toEqual([]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 1, code: "missing_column", message: expect.stringContaining('"unit"') })]);
  });

  it("shows what would happen on a dry run and stores nothing", async () => {
    const before = await counts();
    const peopleBefore = await listPeople(db);
    const result = await importCsv(["name,phone,unit,role", "Nguyễn Văn An,0987654321,Sở KH&CN,đầu mối", "Lê Văn Cường,0987654323,Sở Không Tồn Tại,đầu mối"], { dryRun: true });
    expect(result.people).toEqual([expect.objectContaining({ name: "Nguyễn Văn An", status: "created" })]);
    expect(result.problems).toEqual([expect.objectContaining({ line: 3, code: "unknown_unit" })]);
    expect(await counts()).toEqual(before);
    expect(await listPeople(db)).toEqual(peopleBefore);
    expect(await findPersonByPhone(db, "0987654321")).toBeUndefined();
  });
});
