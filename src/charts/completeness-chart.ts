import type { TopLevelSpec } from "vega-lite";
import type { UnitSummary } from "../services/reporting-status.ts";

export interface CompletenessLabels {
  title: string;
  onTime: string;
  late: string;
  missing: string;
  axis: string;
}

/** Completeness by unit: one bar per unit, split into on time, late and not reported; the least complete on top. */
export function completenessChart(units: readonly UnitSummary[], labels: CompletenessLabels): TopLevelSpec {
  const order = [...units].sort((a, b) => a.reported / (a.expected || 1) - b.reported / (b.expected || 1) || a.unitName.localeCompare(b.unitName, "vi"));
  const values = order.flatMap((u) => [
    { unit: u.unitName, part: labels.onTime, n: u.onTime, rank: 0 },
    { unit: u.unitName, part: labels.late, n: u.late, rank: 1 },
    { unit: u.unitName, part: labels.missing, n: Math.max(0, u.expected - u.reported), rank: 2 },
  ]);
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: labels.title,
    width: 560,
    height: { step: 18 },
    data: { values },
    mark: { type: "bar" },
    encoding: {
      y: { field: "unit", type: "nominal", sort: order.map((u) => u.unitName), title: null, axis: { labelLimit: 260 } },
      x: { field: "n", type: "quantitative", stack: "normalize", title: labels.axis, axis: { format: "%" } },
      color: { field: "part", type: "nominal", sort: [labels.onTime, labels.late, labels.missing], scale: { range: ["#2e7d32", "#f9a825", "#c62828"] }, title: null, legend: { orient: "bottom" } },
      order: { field: "rank", type: "quantitative" },
    },
  };
}
