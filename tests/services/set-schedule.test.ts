import { and, eq, isNull } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { assignments, indicators, plans } from "../../db/schema.ts";
import { demoCatalogueFiles, loadDemoData } from "../../db/seed/load-demo-data.ts";
import { saveCatalogue } from "../../src/services/save-catalogue.ts";
import { setSchedule } from "../../src/services/set-schedule.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";

describe("a plan's reporting schedule", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it("sets every assignment of a plan (or one item) to a frequency, and a re-import keeps it", async () => {
    const now = new Date("2026-11-20T02:00:00Z");
    const t = await tempDemoDatabase(now);
    remove = t.remove;
    const r = await setSchedule(t.db, { plan: "52/KH-UBND", frequency: "quarterly", actor: "test", now });
    expect(r.assignments).toBeGreaterThan(50);
    const planId = (await t.db.select().from(plans).where(eq(plans.number, "52/KH-UBND")).get())!.id;
    const frequencyOf = async (code: string) =>
      (await t.db
        .select({ f: assignments.frequency })
        .from(assignments)
        .innerJoin(indicators, eq(indicators.id, assignments.indicatorId))
        .where(and(eq(indicators.planId, planId), eq(indicators.code, code), isNull(assignments.removedAt)))
        .all())
        .map((x) => x.f);
    expect(new Set(await frequencyOf("III.2"))).toEqual(new Set(["quarterly"]));
    await setSchedule(t.db, { plan: "52/KH-UBND", code: "III.2", frequency: "yearly", actor: "test", now });
    expect(new Set(await frequencyOf("III.2"))).toEqual(new Set(["yearly"]));
    expect(new Set(await frequencyOf("III.1"))).toEqual(new Set(["quarterly"]));

    const file = demoCatalogueFiles().find((f) => f.planNumber === "52/KH-UBND")!;
    await saveCatalogue(t.db, file.catalogue, { planNumber: file.planNumber, sourceFile: file.source, now });
    expect(new Set(await frequencyOf("III.2"))).toEqual(new Set(["yearly"]));
    await expect(setSchedule(t.db, { plan: "52/KH-UBND", code: "IX.9", frequency: "yearly", actor: "test", now })).rejects.toThrow(/no indicator or task with code "IX.9"/);
  });
});
