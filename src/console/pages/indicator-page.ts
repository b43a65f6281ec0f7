import type { Db } from "../../../db/client.ts";
import { periodLabel, targetText } from "../../chat/format.ts";
import { reportingStatus } from "../../services/reporting-status.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";
import { consolePage } from "../layout.ts";

/** One indicator for a year: values by unit and period, the year's target, achievement, and a trend of the reported total. */
export async function indicatorPage(db: Db, view: ConsoleView, indicatorId: number, year: string, now: Date): Promise<string | undefined> {
  const rows = (await reportingStatus(db, { periodKey: year, unitIds: view.unitIds, now })).filter((r) => r.subjectKey === `i:${indicatorId}`);
  if (rows.length === 0) return undefined;
  const first = rows[0]!;
  const periods = [...new Set(rows.map((r) => r.periodKey))].sort();
  const units = [...new Map(rows.map((r) => [r.unitId, r.unitName]))];
  const cell = (unitId: number, p: string) => rows.find((r) => r.unitId === unitId && r.periodKey === p);
  const totals = periods.map((p) => ({ p, value: rows.filter((r) => r.periodKey === p && r.report?.valueNumber != null).reduce((s, r) => s + r.report!.valueNumber!, 0) }));
  const target = rows.find((r) => r.target)?.target;
  return consolePage(view, {
    title: `${first.code} ${first.name}`,
    active: "overview",
    body: html`<p>${view.t("indicator.target", { year: target?.year ?? year, target: target ? targetText(target.raw) : "–" })}${first.unitOfMeasure ? html` · ${first.unitOfMeasure}` : ""}</p>
<h2>${view.t("indicator.values")}</h2>
<div class="scroll"><table class="plain"><thead><tr><th>${view.t("overview.unit")}</th>${periods.map((p) => html`<th>${view.m(periodLabel(p))}</th>`)}</tr></thead><tbody>${units.map(
      ([id, name]) =>
        html`<tr><th scope="row">${name}</th>${periods.map((p) => {
          const r = cell(id, p);
          if (!r?.report) return html`<td class="muted">${r ? view.t(`state.${r.state}`) : "·"}</td>`;
          return html`<td><a href="/console/reports/${r.report.id}">${r.report.valueNumber ?? r.report.valueText ?? ""}</a>${r.achievementLabel !== "na" ? html`<small class="ach-${r.achievementLabel}">${view.t(`achievement.${r.achievementLabel}`)}</small>` : ""}</td>`;
        })}</tr>`,
    )}</tbody></table></div>
<h2>${view.t("indicator.trend")}</h2>${trendChart(totals, view)}`,
  });
}

/** Bars of the reported total by period, as inline SVG (no script, no external file). */
function trendChart(points: { p: string; value: number }[], view: ConsoleView): SafeHtml {
  const max = Math.max(1, ...points.map((x) => x.value));
  const w = 36;
  const h = 120;
  const bars = points.map((x, i) => {
    const bh = Math.round((x.value / max) * h);
    return html`<g><rect x="${i * w + 6}" y="${h - bh + 14}" width="${w - 12}" height="${bh}" class="bar"><title>${view.m(periodLabel(x.p))}: ${x.value}</title></rect><text x="${i * w + w / 2}" y="${h + 28}" text-anchor="middle">${x.p.slice(5) || x.p}</text><text x="${i * w + w / 2}" y="${h - bh + 10}" text-anchor="middle">${x.value}</text></g>`;
  });
  return html`<svg class="trend" viewBox="0 0 ${Math.max(1, points.length) * w} ${h + 34}" role="img" aria-label="${view.t("indicator.trend")}">${bars}</svg>`;
}
