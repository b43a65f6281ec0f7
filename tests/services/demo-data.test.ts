import { readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { listPlans, planIndicators, planTasks } from "../../db/repositories/catalogue-repository.ts";
import { activeInviteCode, findPersonByPhone, listPeople } from "../../db/repositories/people-repository.ts";
import { findUnitByKey, listUnits } from "../../db/repositories/units-repository.ts";
import { buildDemoCatalogues } from "../../db/seed/build-demo.ts";
import { demoPeople, demoUnits } from "../../db/seed/demo-organisation.ts";
import { demoCatalogueFiles, loadDemoData } from "../../db/seed/load-demo-data.ts";
import { unitKey } from "../../src/domain/unit-name.ts";
import { itemsAssignedToPerson } from "../../src/services/assignments.ts";
import { saveCatalogue } from "../../src/services/save-catalogue.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { peek } from "../support/peek.ts";

const NOW = new Date("2026-03-02T02:00:00Z");
const catalogueDir = fileURLToPath(new URL("../../db/seed/catalogue/", import.meta.url));

let db: Db;
let remove: () => void;

beforeEach(() => {
  const t = tempDatabase();
  db = t.db;
  remove = t.remove;
});
afterEach(() => remove());

async function tableCounts(): Promise<Record<string, number>> {
  const count = async (table: string) => (await peek<{ n: number }>(db, `select count(*) as n from ${table}`))!.n;
  const tables = ["plans", "indicators", "targets", "tasks", "assignments", "units", "people", "person_roles", "invite_codes"];
  return Object.fromEntries(await Promise.all(tables.map(async (t) => [t, await count(t)])));
}

describe("the demo province", () => {
  it("loads the four seed plans with their indicators and tasks into an empty database", async () => {
    expect(await loadDemoData(db, NOW)).toEqual({ loaded: true, plans: 4, people: demoPeople.length });
    const plans = await listPlans(db);
    expect(plans.map((p) => p.number)).toEqual(["52/KH-UBND", "30/KH-SKHCN", "KH đánh giá KH,CN&ĐMST 2026", "KH triển khai QĐ 11/QĐ-BCĐCP"]);
    expect((await Promise.all(plans.map(async (p) => [(await planIndicators(db, p.id)).length, (await planTasks(db, p.id)).length])))).toEqual([
      [19, 0],
      [51, 0],
      [50, 0],
      [19, 10],
    ]);
    expect((await tableCounts()).assignments).toBeGreaterThan(0);
  });

  it("loads the demo people with their roles and the fixed invite codes the README names", async () => {
    await loadDemoData(db, NOW);
    const people = await listPeople(db);
    expect(people).toHaveLength(demoPeople.length);
    for (const p of demoPeople) {
      const person = await findPersonByPhone(db, p.phone);
      expect(person, p.name).toMatchObject({ name: p.name, locale: p.locale });
      expect(people.find((x) => x.id === person?.id)?.roles.sort(), p.name).toEqual([...p.roles].sort());
      expect((await activeInviteCode(db, person?.id ?? -1, NOW))?.code, p.name).toBe(p.inviteCode);
    }
    expect(demoPeople.map((p) => p.inviteCode)).toEqual(["DM-KHCN", "LD-KHCN", "DP-KHCN", "DM-TC", "LD-TC", "DM-PDP", "DM-TK", "DM-CDS"]);
  });

  it("puts every demo person in a unit of the demo organisation, and gives every focal point something to report", async () => {
    await loadDemoData(db, NOW);
    for (const p of demoPeople) {
      expect(demoUnits.map((u) => u.name), p.name).toContain(p.unit);
      const unit = await findUnitByKey(db, unitKey(p.unit));
      expect(unit?.name, p.name).toBe(p.unit);
      expect((await findPersonByPhone(db, p.phone))?.unitId, p.name).toBe(unit?.id);
      if (p.roles.includes("focal_point")) {
        expect((await itemsAssignedToPerson(db, (await findPersonByPhone(db, p.phone))?.id ?? -1)).length, p.name).toBeGreaterThan(0);
      }
    }
    const units = await listUnits(db);
    for (const u of demoUnits.filter((x) => x.parent)) {
      const parent = units.find((x) => x.name === u.parent);
      expect(units.find((x) => x.name === u.name)?.parentId, u.name).toBe(parent?.id);
    }
  });

  it("does nothing the second time", async () => {
    await loadDemoData(db, NOW);
    const before = await tableCounts();
    expect(await loadDemoData(db, new Date("2026-03-03T02:00:00Z"))).toEqual({ loaded: false, plans: 0, people: 0 });
    expect(await tableCounts()).toEqual(before);
  });

  it("is the same as importing the shipped catalogues again: every plan unchanged, no assignment added", async () => {
    await loadDemoData(db, NOW);
    const before = await tableCounts();
    for (const f of demoCatalogueFiles()) {
      const saved = await saveCatalogue(db, f.catalogue, { planNumber: f.planNumber, sourceFile: f.source, now: NOW });
      expect(saved.plan.change, f.planNumber).toBe("unchanged");
      expect(saved.assignments, f.planNumber).toMatchObject({ created: 0, removed: 0, addedToOtherPlans: 0 });
    }
    expect(await tableCounts()).toEqual(before);
  });

  it("ships the JSON that `npm run demo:build` generates now from the seed copy in db/seed/plans", async () => {
    const built = await buildDemoCatalogues();
    const shipped = readdirSync(catalogueDir).filter((f) => f.endsWith(".json")).sort();
    expect(built.map((b) => b.out).sort()).toEqual(shipped);
    for (const { out, text } of built) {
      // Compared as text: a difference means the importer changed or the JSON was edited by hand; run `npm run demo:build` and review the diff.
      expect(readFileSync(`${catalogueDir}${out}`, "utf8"), out).toBe(text);
    }
    expect(demoCatalogueFiles().map((f) => f.planNumber)).toEqual(built.map((b) => b.file.planNumber));
  });
});
