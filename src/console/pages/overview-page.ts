import type { Db } from "../../../db/client.ts";
import { periodLabel } from "../../chat/format.ts";
import { toVnParts } from "../../domain/vn-time.ts";
import { reportingStatus, type StatusRow } from "../../services/reporting-status.ts";
import type { ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage, heat, percent } from "../layout.ts";

/** The periods the picker offers: this year and last, their quarters and months. */
export function periodChoices(now: Date): string[] {
  const { year } = toVnParts(now);
  const out: string[] = [];
  for (const y of [year, year - 1]) {
    out.push(String(y), ...[1, 2, 3, 4].map((q) => `${y}-Q${q}`), ...Array.from({ length: 12 }, (_, i) => `${y}-${String(i + 1).padStart(2, "0")}`));
  }
  return out;
}

export interface HeatCell {
  expected: number;
  /** Sent and not returned ("đã nộp"); equals reported when approval is off. */
  submitted: number;
  reported: number;
  onTime: number;
  overdue: number;
}

/** Expected rows grouped by unit and reporting period: the heat table's cells. */
export function heatTable(rows: readonly StatusRow[]): { units: { id: number; name: string }[]; periods: string[]; cells: Map<string, HeatCell>; total: HeatCell; approval: boolean } {
  const units = new Map<number, string>();
  const periods = new Set<string>();
  const cells = new Map<string, HeatCell>();
  const total: HeatCell = { expected: 0, submitted: 0, reported: 0, onTime: 0, overdue: 0 };
  for (const r of rows) {
    if (!r.expected) continue;
    units.set(r.unitId, r.unitName);
    periods.add(r.periodKey);
    const key = `${r.unitId}|${r.periodKey}`;
    const c = cells.get(key) ?? cells.set(key, { expected: 0, submitted: 0, reported: 0, onTime: 0, overdue: 0 }).get(key)!;
    for (const x of [c, total]) {
      x.expected += 1;
      if (r.submitted) x.submitted += 1;
      if (r.reported) x.reported += 1;
      if (r.onTime) x.onTime += 1;
      if (!r.reported && r.state === "overdue") x.overdue += 1;
    }
  }
  return { units: [...units].map(([id, name]) => ({ id, name })), periods: [...periods].sort(), cells, total, approval: rows.some((r) => r.expected && r.approvalRequired) };
}

export async function overviewPage(db: Db, view: ConsoleView, periodKey: string, now: Date): Promise<string> {
  const rows = await reportingStatus(db, { periodKey, unitIds: view.unitIds, now });
  const table = heatTable(rows);
  const ratio = (a: number, b: number) => (b ? a / b : null);
  const options = periodChoices(now).map((p) => html`<option value="${p}"${p === periodKey ? html` selected` : ""}>${view.m(periodLabel(p))}</option>`);
  const head = table.periods.map((p) => html`<th scope="col">${view.m(periodLabel(p))}</th>`);
  const body = table.units.map(
    (u) =>
      html`<tr><th scope="row"><a href="/console/units/${u.id}?period=${periodKey}">${u.name}</a></th>${table.periods.map((p) => {
        const c = table.cells.get(`${u.id}|${p}`);
        if (!c) return html`<td class="h-none">·</td>`;
        const done = ratio(c.reported, c.expected);
        return html`<td class="${heat(done)}" title="${view.t("overview.cell_title", { reported: c.reported, expected: c.expected, onTime: c.onTime, overdue: c.overdue })}">${percent(done)}<small>${percent(ratio(c.onTime, c.reported))}</small></td>`;
      })}</tr>`,
  );
  const t = table.total;
  return consolePage(view, {
    title: view.t("overview.title"),
    active: "overview",
    body: html`<form method="get" action="/console" class="picker"><label>${view.t("overview.period")} <select name="period" data-autosubmit>${options}</select></label> <button>${view.t("overview.show")}</button></form>
<section class="cards">
<div class="card"><b>${percent(ratio(t.reported, t.expected))}</b><span>${view.t("overview.completeness")}</span><small>${view.t("overview.reported_of", { reported: t.reported, expected: t.expected })}</small></div>
<div class="card"><b>${percent(ratio(t.onTime, t.reported))}</b><span>${view.t("overview.timeliness")}</span></div>
${table.approval ? html`<div class="card" data-approval><b>${t.submitted} / ${t.reported}</b><span>${view.t("overview.submitted_approved")}</span><small>${view.t("overview.submitted_approved_hint", { submitted: t.submitted, approved: t.reported })}</small></div>` : ""}
<div class="card ${t.overdue ? "alert" : ""}"><b data-overdue>${t.overdue}</b><span>${view.t("overview.overdue")}</span></div>
</section>
<h2>${view.t("overview.heat_title")}</h2>
<p class="hint">${view.t("overview.heat_hint")}</p>
${table.units.length ? html`<div class="scroll"><table class="heat"><thead><tr><th>${view.t("overview.unit")}</th>${head}</tr></thead><tbody>${body}</tbody></table></div>` : html`<p class="empty">${view.t("overview.nothing_expected")}</p>`}
<h2>${view.t("overview.charts")}</h2>
<figure><img src="/console/charts/completeness.png?period=${periodKey}" alt="${view.t("overview.chart_completeness")}"></figure>
<figure><img src="/console/charts/achievement.png?period=${periodKey}" alt="${view.t("overview.chart_achievement")}"></figure>`,
  });
}
