import type { TopLevelSpec } from "vega-lite";
import type { StatusRow } from "../services/reporting-status.ts";

export interface AchievementLabels {
  title: string;
  axis: string;
  exceeded: string;
  met: string;
  notMet: string;
}

/**
 * Achievement against target for the reported indicators with a numeric threshold: the value as a
 * share of the target (100% = the target), coloured vượt / đạt / chưa đạt. At most `limit` bars.
 */
export function achievementChart(rows: readonly StatusRow[], labels: AchievementLabels, limit = 20): TopLevelSpec {
  const label = { exceeded: labels.exceeded, met: labels.met, not_met: labels.notMet } as const;
  const values = rows
    .filter((r) => r.achievement && r.achievement.status !== "na" && r.achievement.ratio !== undefined && r.achievementLabel !== "na")
    .slice(0, limit)
    .map((r) => ({
      item: `${r.printedNumber || r.code} ${r.name.length > 40 ? `${r.name.slice(0, 39)}…` : r.name}`,
      ratio: (r.achievement as { ratio: number }).ratio,
      result: label[r.achievementLabel as keyof typeof label],
    }));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: labels.title,
    width: 560,
    height: { step: 20 },
    data: { values },
    layer: [
      {
        mark: { type: "bar" },
        encoding: {
          y: { field: "item", type: "nominal", sort: null, title: null, axis: { labelLimit: 300 } },
          x: { field: "ratio", type: "quantitative", title: labels.axis, axis: { format: "%" } },
          color: { field: "result", type: "nominal", sort: [labels.exceeded, labels.met, labels.notMet], scale: { domain: [labels.exceeded, labels.met, labels.notMet], range: ["#1565c0", "#2e7d32", "#c62828"] }, title: null, legend: { orient: "bottom" } },
        },
      },
      { mark: { type: "rule", strokeDash: [4, 3], color: "#333" }, encoding: { x: { datum: 1 } } },
    ],
  };
}
