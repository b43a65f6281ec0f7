import { afterEach, beforeEach, expect, it } from "vitest";
import type { Db } from "../../db/client.ts";
import { planTablesOf } from "../../db/repositories/plan-layout-repository.ts";
import { loadDemoUnits } from "../../db/seed/load-demo-data.ts";
import { importSeed } from "../support/import-seed.ts";
import { tempDatabase } from "../support/temp-database.ts";

let db: Db;
let remove: () => void;
beforeEach(async () => {
  ({ db, remove } = tempDatabase());
  await loadDemoUnits(db);
});
afterEach(() => remove());

it("stores each appendix table of a plan once, and a re-import of the unchanged plan writes nothing", async () => {
  const first = await importSeed(db, "004", new Date("2026-03-02T02:00:00Z"));
  expect(first.layout).toEqual({ written: 3, removed: 0 });
  const stored = await planTablesOf(db, first.plan.id);
  expect(stored.map((t) => t.appendix)).toEqual(["PL1", "PL2", "PL3"]);
  const again = await importSeed(db, "004", new Date("2026-03-09T02:00:00Z"));
  expect(again.layout).toEqual({ written: 0, removed: 0 });
  expect(await planTablesOf(db, first.plan.id)).toEqual(stored);
});
