import type { Db } from "../../../db/client.ts";
import { listPlans } from "../../../db/repositories/catalogue-repository.ts";
import { periodLabel } from "../../chat/format.ts";
import type { ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage } from "../layout.ts";
import { periodChoices } from "./overview-page.ts";

/** The workbooks of the report-output issue, one link each: a plan's workbook per period, the flat CSV. Province-wide, so coordinators and admins only. */
export async function exportsPage(db: Db, view: ConsoleView, periodKey: string, now: Date): Promise<string> {
  const plans = await listPlans(db);
  const options = periodChoices(now).map((p) => html`<option value="${p}"${p === periodKey ? html` selected` : ""}>${view.m(periodLabel(p))}</option>`);
  const q = (plan: string) => `plan=${encodeURIComponent(plan)}&period=${encodeURIComponent(periodKey)}`;
  return consolePage(view, {
    title: view.t("exports.title"),
    active: "exports",
    body: view.unitIds !== null
      ? html`<p class="empty">${view.t("exports.province_only")}</p>`
      : html`<form method="get" action="/console/exports" class="picker"><label>${view.t("overview.period")} <select name="period" data-autosubmit>${options}</select></label> <button>${view.t("overview.show")}</button></form>
<ul class="tiles">${plans.map((p) => html`<li><a class="tile" download href="/console/exports/plan.xlsx?${q(p.number || p.key)}">${view.t("exports.workbook", { plan: p.number || p.title || p.key })}<small>${view.m(periodLabel(periodKey))} · .xlsx</small></a></li>`)}
<li><a class="tile" download href="/console/exports/reports.csv?period=${periodKey}">${view.t("exports.csv")}<small>${view.m(periodLabel(periodKey))} · .csv</small></a></li></ul>`,
  });
}
