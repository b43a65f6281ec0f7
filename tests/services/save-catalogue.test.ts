import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { and, eq, isNull } from "drizzle-orm";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { findPlanByKey, indicatorTargets, planIndicators, planTasks, type PlanRow } from "../../db/repositories/catalogue-repository.ts";
import { assignments, indicators } from "../../db/schema.ts";
import { loadDemoUnits } from "../../db/seed/load-demo-data.ts";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { addAssignment, itemsAssignedToUnits, removeAssignment } from "../../src/services/assignments.ts";
import { planKey, saveCatalogue, type SaveCatalogueResult } from "../../src/services/save-catalogue.ts";
import { findUnitByName } from "../../src/services/unit-directory.ts";
import { readFixture, readSeed } from "../importers/seeds.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { peek, peekAll } from "../support/peek.ts";

const NOW = new Date("2026-03-02T02:00:00Z");
const LATER = new Date("2026-03-09T02:00:00Z");

type SeedName = "000" | "001" | "002" | "004";

let db: Db;
let remove: () => void;

beforeEach(async () => {
  const t = tempDatabase();
  db = t.db;
  remove = t.remove;
  await loadDemoUnits(db);
});
afterEach(() => remove());

/** Reads a seed (or an edited copy of its text) with the real importer and stores it, like `catalogue import`. */
async function importSeed(seed: SeedName, edit: (text: string) => string = (t) => t, now = NOW): Promise<SaveCatalogueResult> {
  const { text, fileName } = readSeed(seed);
  const catalogue = await importCatalogue({ text: edit(text), fileName });
  return saveCatalogue(db, catalogue, { sourceFile: fileName, now });
}

async function storedPlan(result: SaveCatalogueResult): Promise<PlanRow> {
  const plan = await findPlanByKey(db, result.plan.key);
  if (!plan) throw new Error(`plan ${result.plan.key} is not in the database`);
  return plan;
}

async function storedIndicator(plan: PlanRow, code: string) {
  const found = (await planIndicators(db, plan.id)).find((i) => i.code === code);
  if (!found) throw new Error(`indicator ${code} is not in the database`);
  return { ...found, targets: await indicatorTargets(db, found.id) };
}

async function rowCounts(): Promise<Record<string, number>> {
  const count = async (table: string) => (await peek<{ n: number }>(db, `select count(*) as n from ${table}`))!.n;
  const tables = ["plans", "indicators", "targets", "tasks", "assignments", "units"];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
}

function replaceOnce(text: string, from: string, to: string): string {
  expect(text.split(from)).toHaveLength(2);
  return text.replace(from, to);
}

describe("saving an imported catalogue to SQLite", () => {
  it("stores seed 000's II.1 as at least 3 percent for 2026 and III.2 as at most 23, lower is better", async () => {
    const result = await importSeed("000");
    expect(result.plan).toMatchObject({ number: "52/KH-UBND", key: planKey("52/KH-UBND"), change: "created" });
    expect(result.indicators).toMatchObject({ created: 19, updated: 0, unchanged: 0, removed: [] });
    const plan = await storedPlan(result);
    expect(plan).toMatchObject({ number: "52/KH-UBND", date: "2026-02-06", format: "table" });

    const ii1 = await storedIndicator(plan, "II.1");
    expect(ii1.valueKind).toBe("percent");
    expect(ii1.direction).toBe("higher");
    expect(ii1.monitoring).toEqual(["Sở Tài chính"]);
    expect(ii1.targets).toHaveLength(1);
    expect(ii1.targets[0]).toMatchObject({ year: 2026, level: "", raw: "$\\geq 3\\%$", parsed: { kind: "at_least", value: 3, percent: true, strict: false } });

    const iii2 = await storedIndicator(plan, "III.2");
    expect(iii2.direction).toBe("lower");
    expect(iii2.targets).toEqual([expect.objectContaining({ year: 2026, raw: "≤ 23", parsed: expect.objectContaining({ kind: "at_most", value: 23 }) })]);
  });

  it("stores seed 001's #15 targets by horizon and keeps #24 flagged for review with its ranks and its text target", async () => {
    const plan = await storedPlan(await importSeed("001"));
    expect(await planIndicators(db, plan.id)).toHaveLength(51);

    const no15 = await storedIndicator(plan, "15");
    expect(no15.targets.map((t) => [t.year, t.parsed])).toEqual([
      [2025, expect.objectContaining({ kind: "at_least", value: 300 })],
      [2030, expect.objectContaining({ kind: "at_least", value: 600 })],
      [2035, expect.objectContaining({ kind: "at_least", value: 900 })],
      [2040, expect.objectContaining({ kind: "at_least", value: 1500 })],
      [2045, expect.objectContaining({ kind: "at_least", value: 2000 })],
    ]);
    expect(no15.needsReview).toBe(false);

    const no24 = await storedIndicator(plan, "24");
    expect(no24.needsReview).toBe(true);
    // Kept as messages, shown in the reader's language.
    expect(JSON.stringify(no24.reviewReasons)).toContain("importer.problem.");
    expect(JSON.stringify(no24.reviewReasons)).toContain("2045");
    expect(no24.direction).toBe("lower");
    expect(no24.targets.map((t) => [t.year, t.raw, t.parsed])).toEqual([
      [2025, "20/34", expect.objectContaining({ kind: "rank", rank: 20, outOf: 34 })],
      [2030, "17/34", expect.objectContaining({ kind: "rank", rank: 17, outOf: 34 })],
      [2035, "15/34", expect.objectContaining({ kind: "rank", rank: 15, outOf: 34 })],
      [2040, "Nhóm 15 tỉnh đứng đầu", expect.objectContaining({ kind: "qualitative", text: "Nhóm 15 tỉnh đứng đầu" })],
    ]);
  });

  it("stores seed 002's 50 indices, each due on 05/12/2026", async () => {
    const result = await importSeed("002");
    expect(result.plan.key).toBe("file:002_38904106135b1d27.txt");
    const stored = await planIndicators(db, (await storedPlan(result)).id);
    expect(stored).toHaveLength(50);
    for (const i of stored) {
      expect(i.deadlineRaw, i.code).toBeTruthy();
      expect(i.deadline, i.code).toMatchObject({ kind: "date", date: "2026-12-05" });
      // The end of 05/12/2026 in Asia/Ho_Chi_Minh (UTC+7).
      expect(i.dueAt?.toISOString().slice(0, 16), i.code).toBe("2026-12-05T16:59");
    }
  });

  it("stores seed 004's tasks with their deadline kinds: quarter, date and continuous", async () => {
    const plan = await storedPlan(await importSeed("004"));
    const stored = await planTasks(db, plan.id);
    expect(stored).toHaveLength(10);
    const kinds = new Set(stored.map((t) => t.deadlineKind));
    for (const kind of ["quarter", "date", "continuous"]) expect(kinds, kind).toContain(kind);
    const pl24 = stored.find((t) => t.code === "PL2.4");
    expect(pl24).toMatchObject({ deadlineKind: "quarter", deadline: expect.objectContaining({ kind: "quarter", year: 2026, quarter: 2 }) });
    expect(pl24?.dueAt?.toISOString().slice(0, 10)).toBe("2026-06-30");
    const continuous = stored.find((t) => t.deadlineKind === "continuous");
    expect(continuous?.dueAt).toBeNull();
  });

  it("creates the assignments the catalogue implies: Sở KH&CN leads seed 000's III.3", async () => {
    const result = await importSeed("000");
    expect(result.assignments.created).toBeGreaterThan(0);
    const khcn = await findUnitByName(db, "Sở KH&CN");
    expect(khcn?.name).toBe("Sở Khoa học và Công nghệ");
    const items = await itemsAssignedToUnits(db, [khcn?.id ?? -1]);
    expect(items).toContainEqual(expect.objectContaining({ plan: "52/KH-UBND", code: "III.3", role: "lead", subjectType: "indicator" }));
  });
});

describe.each<SeedName>(["000", "001", "002", "004"])("importing seed %s a second time", (seed) => {
  it("reports everything unchanged, creates no assignment and leaves every table as it was", async () => {
    const first = await importSeed(seed);
    expect(first.plan.change).toBe("created");
    const before = await rowCounts();

    const second = await importSeed(seed, undefined, LATER);
    expect(second.plan).toMatchObject({ id: first.plan.id, key: first.plan.key, change: "unchanged" });
    const total = (c: SaveCatalogueResult["indicators"]) => c.created + c.updated + c.unchanged;
    expect(second.indicators).toEqual({ created: 0, updated: 0, unchanged: total(first.indicators), removed: [] });
    expect(second.tasks).toEqual({ created: 0, updated: 0, unchanged: total(first.tasks), removed: [] });
    expect(second.assignments).toMatchObject({ created: 0, removed: 0, unitsCreated: [] });
    expect(await rowCounts()).toEqual(before);
  });
});

describe("importing several plans", () => {
  it("lets a unit that a later plan names first join an earlier plan's groups, so re-importing the earlier plan changes nothing", async () => {
    await importSeed("000");
    const evaluation = await importSeed("002");
    expect(evaluation.assignments.unitsCreated).toContain("Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh");
    // Plan 52's "Các cơ quan, đơn vị, địa phương" covers the new provincial body too.
    expect(evaluation.assignments.addedToOtherPlans).toBeGreaterThan(0);
    const lienHiep = await findUnitByName(db, "Liên hiệp các Hội Khoa học và Kỹ thuật tỉnh");
    expect(await itemsAssignedToUnits(db, [lienHiep?.id ?? -1])).toContainEqual(expect.objectContaining({ plan: "52/KH-UBND", code: "II.1", role: "lead" }));
    await importSeed("004");
    const before = await rowCounts();

    const again = await importSeed("000", undefined, LATER);
    expect(again.assignments).toMatchObject({ created: 0, removed: 0, addedToOtherPlans: 0 });
    expect(await rowCounts()).toEqual(before);
    const frequencies = await peekAll(db, "select subject_key, count(distinct frequency) as n from assignments where source = 'catalogue' group by subject_key having count(distinct frequency) > 1");
    expect(frequencies).toEqual([]);
  });
});

describe("re-importing an edited plan", () => {
  it("reports exactly one indicator updated when one target changed, and stores the new target", async () => {
    await importSeed("000");
    const result = await importSeed("000", (text) => replaceOnce(text, "≥ 650", "≥ 700"), LATER);
    expect(result.indicators).toEqual({ created: 0, updated: 1, unchanged: 18, removed: [] });
    expect(result.assignments).toMatchObject({ created: 0, removed: 0 });
    const ii5 = await storedIndicator(await storedPlan(result), "II.5");
    expect(ii5.targets).toEqual([expect.objectContaining({ raw: "≥ 700", parsed: expect.objectContaining({ kind: "at_least", value: 700 }) })]);
    expect(ii5.updatedAt?.toISOString()).toBe(LATER.toISOString());
  });

  it("reports a row that is gone as removed, with its targets and assignments", async () => {
    const first = await importSeed("000");
    const iii7 = await storedIndicator(await storedPlan(first), "III.7");
    const rowOfIii7 = /^7\tSố đơn đăng ký sở hữu trí tuệ[^\n]*\n/m;
    const result = await importSeed("000", (text) => {
      expect(text).toMatch(rowOfIii7);
      return text.replace(rowOfIii7, "");
    }, LATER);
    expect(result.indicators).toMatchObject({ created: 0, updated: 0, unchanged: 18, removed: ["III.7"] });
    expect((await planIndicators(db, result.plan.id)).map((i) => i.code)).not.toContain("III.7");
    expect(await db.select().from(assignments).where(eq(assignments.indicatorId, iii7.id)).all()).toEqual([]);
    expect(await peek(db, "select count(*) as n from targets where indicator_id = ?", iii7.id)).toEqual({ n: 0 });
  });
});

describe("a coordinator's decisions across re-imports", () => {
  const khcnLeads = async (code: string) =>
    (await itemsAssignedToUnits(db, [(await findUnitByName(db, "Sở Khoa học và Công nghệ"))?.id ?? -1])).some((i) => i.code === code && i.role === "lead");

  it("keeps an assignment the coordinator removed removed after the plan is imported again", async () => {
    await importSeed("000");
    expect(await khcnLeads("III.3")).toBe(true);
    await removeAssignment(db, { plan: "52/KH-UBND", code: "III.3", unit: "Sở KH&CN", role: "lead", actor: "test", now: NOW });
    expect(await khcnLeads("III.3")).toBe(false);

    const again = await importSeed("000", undefined, LATER);
    expect(again.assignments.created).toBe(0);
    expect(await khcnLeads("III.3")).toBe(false);
    const tombstone = await db
      .select()
      .from(assignments)
      .innerJoin(indicators, eq(indicators.id, assignments.indicatorId))
      .where(and(eq(indicators.code, "III.3"), eq(assignments.role, "lead")))
      .all();
    expect(tombstone.map((r) => r.assignments.removedAt?.toISOString())).toContain(NOW.toISOString());
  });

  it("keeps an assignment the coordinator added after the plan is imported again, even an edited plan", async () => {
    await importSeed("000");
    const added = await addAssignment(db, { plan: "52/KH-UBND", code: "III.6", unit: "Thống kê tỉnh", role: "implementing", frequency: "quarterly", actor: "test", now: NOW });
    expect(added.change).toBe("created");

    const again = await importSeed("000", (text) => replaceOnce(text, "≥ 650", "≥ 700"), LATER);
    expect(again.assignments.removed).toBe(0);
    const thongKe = await findUnitByName(db, "Thống kê tỉnh");
    const rows = await db
      .select()
      .from(assignments)
      .where(and(eq(assignments.id, added.id), isNull(assignments.removedAt)))
      .all();
    expect(rows).toEqual([expect.objectContaining({ unitId: thongKe?.id, role: "implementing", frequency: "quarterly", source: "manual" })]);
    expect(await itemsAssignedToUnits(db, [thongKe?.id ?? -1])).toContainEqual(expect.objectContaining({ code: "III.6", role: "implementing", frequency: "quarterly" }));
  });
});

describe("the hand-made catalogue template", () => {
  const repoFile = (path: string) => readFileSync(fileURLToPath(new URL(`../../${path}`, import.meta.url)));

  it("ships docs/catalogue-template.csv next to the XLSX, the same as the sample the tests import", () => {
    expect(repoFile("docs/catalogue-template.csv").toString("utf8")).toBe(readFixture("catalogue-template.csv"));
  });

  it.each(["docs/catalogue-template.csv", "docs/catalogue-template.xlsx"])("imports %s with no problem and saves it twice without a change", async (path) => {
    const fileName = path.split("/").at(-1) ?? path;
    const catalogue = await importCatalogue({ bytes: new Uint8Array(repoFile(path)), fileName });
    expect(catalogue.problems).toEqual([]);
    const first = await saveCatalogue(db, catalogue, { sourceFile: fileName, now: NOW });
    // The sample's number is no real plan's: importing it never touches 52/KH-UBND.
    expect(first.plan).toMatchObject({ number: "00/KH-MAU", change: "created" });
    expect(first.indicators.created).toBe(8);
    expect(first.tasks.created).toBe(4);
    expect(first.problems.filter((p) => p.severity === "error")).toEqual([]);
    const second = await saveCatalogue(db, catalogue, { sourceFile: fileName, now: LATER });
    expect(second).toMatchObject({ plan: { change: "unchanged" }, indicators: { unchanged: 8 }, tasks: { unchanged: 4 }, assignments: { created: 0, removed: 0 } });
  });

  it("imports the example rows the README shows with no problem", async () => {
    const readme = repoFile("README.md").toString("utf8");
    const section = readme.slice(readme.indexOf("### A catalogue by hand: the template"));
    const csv = /```csv\n([\s\S]*?)```/.exec(section)?.[1];
    expect(csv).toBeDefined();
    const catalogue = await importCatalogue({ text: csv ?? "", fileName: "readme-example.csv" });
    expect(catalogue.problems).toEqual([]);
    expect(catalogue.indicators.length + catalogue.tasks.length).toBeGreaterThanOrEqual(3);
    const saved = await saveCatalogue(db, catalogue, { sourceFile: "readme-example.csv", now: NOW });
    expect(saved.plan.number).toBe("52/KH-UBND");
  });
});
