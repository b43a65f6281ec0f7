import { describe, expect, it } from "vitest";
import { effectiveTrackFrom, isTracked, trackedStatus, unitOwesReports } from "../../src/domain/reporting-duty.ts";

const vn = (local: string) => new Date(`${local}+07:00`);

describe("which unit owes what, and from when (the rule)", () => {
  it("a unit owes reports unless it is outside the province or deactivated", () => {
    expect(unitOwesReports({ external: false, deactivatedAt: null })).toBe(true);
    expect(unitOwesReports({ external: true, deactivatedAt: null })).toBe(false);
    expect(unitOwesReports({ external: false, deactivatedAt: vn("2026-11-01T00:00:00") })).toBe(false);
  });

  it("a plan's own track-from date wins over the province's; none without either", () => {
    const plan = vn("2026-12-01T00:00:00");
    const province = vn("2026-07-01T00:00:00");
    expect(effectiveTrackFrom(plan, province)).toBe(plan);
    expect(effectiveTrackFrom(null, province)).toBe(province);
    expect(effectiveTrackFrom(null, null)).toBeNull();
  });

  it("a period due before the date is not tracked: never overdue or due soon, and a reported one keeps its state", () => {
    const from = vn("2026-12-01T00:00:00");
    const november = vn("2026-11-25T16:00:00");
    expect(isTracked(november, from)).toBe(false);
    expect(isTracked(vn("2026-12-25T16:00:00"), from)).toBe(true);
    expect(isTracked(november, null)).toBe(true);
    expect(trackedStatus("overdue", november, from)).toBe("untracked");
    expect(trackedStatus("due_soon", november, from)).toBe("untracked");
    expect(trackedStatus("reported_late", november, from)).toBe("reported_late");
    expect(trackedStatus("overdue", november, null)).toBe("overdue");
  });
});
