import { describe, expect, it } from "vitest";
import { frequencies } from "../../src/domain/frequency.ts";
import { frequenciesInside, periodsInside } from "../../src/domain/reporting-status.ts";
import { defaultPeriodRules } from "../../src/domain/reporting-period.ts";

describe("frequenciesInside", () => {
  it("names the frequencies that can have a period inside the asked one", () => {
    expect(frequenciesInside("2026-10")).toEqual(["monthly", "one_off"]);
    expect(frequenciesInside("2026-Q3")).toEqual(["monthly", "quarterly", "one_off"]);
    expect(frequenciesInside("2026-H1")).toEqual(["monthly", "quarterly", "half_year", "one_off"]);
    expect(frequenciesInside("2026-9M")).toEqual(["monthly", "quarterly", "half_year", "nine_months", "one_off"]);
    expect(frequenciesInside("2026")).toEqual([...frequencies]);
    expect(frequenciesInside("once")).toEqual(["one_off"]);
    expect(frequenciesInside("nonsense")).toEqual([]);
  });

  it("leaves out only frequencies with no period inside, whatever the item's deadline", () => {
    const due = new Date("2026-10-10T09:00:00Z");
    for (const key of ["2026-10", "2026-Q3", "2026-Q4", "2026-H2", "2026-9M", "2026", "once"])
      for (const f of frequencies)
        if (!frequenciesInside(key).includes(f)) {
          expect(periodsInside(f, key, null, defaultPeriodRules)).toEqual([]);
          expect(periodsInside(f, key, due, defaultPeriodRules)).toEqual([]);
        }
  });
});
