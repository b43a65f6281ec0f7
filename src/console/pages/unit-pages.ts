import type { Db } from "../../../db/client.ts";
import { peopleOfUnits } from "../../../db/repositories/console-repository.ts";
import { findUnitById, listUnits, type UnitRow } from "../../../db/repositories/units-repository.ts";
import { standingChanges, type StandingChange } from "../../services/unit-standing.ts";
import { periodLabel } from "../../chat/format.ts";
import { reportingStatus, type StatusRow } from "../../services/reporting-status.ts";
import { seesUnit, type ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage } from "../layout.ts";
import { approvalState } from "./approval-state.ts";
import { unitAddForm, unitChangeNotice, unitManageSection } from "./unit-manage-forms.ts";
import type { PageNotice } from "../console-page-kit.ts";

/** The units the reader may open. */
export async function unitListPage(db: Db, view: ConsoleView, q: PageNotice = {}): Promise<string> {
  const all = await listUnits(db);
  const units = all.filter((u) => seesUnit(view, u.id));
  const imported = q.done === "imported" ? html`<p class="notice" role="status">${view.t("unit_import.done", { n: Number(q.n) || 0 })}</p>` : "";
  const importLink = view.unitIds === null ? html`${unitChangeNotice(view, q)}<p><a href="/console/units/import">${view.t("unit_import.link")}</a></p>${unitAddForm(view, all)}` : "";
  return consolePage(view, {
    title: view.t("units.title"),
    active: "units",
    body: html`${imported}${importLink}<ul class="list">${units.map((u) => html`<li><a href="/console/units/${u.id}">${u.name}</a>${standingBadge(view, u)}</li>`)}</ul>`,
  });
}

/** "(outside the province)", "(deactivated)": a unit that owes nothing (src/domain/reporting-duty.ts). */
function standingBadge(view: ConsoleView, u: Pick<UnitRow, "external" | "deactivatedAt">) {
  return html`${u.external ? html` <small class="warn" data-standing="external">(${view.t("unit.standing.external")})</small>` : ""}${u.deactivatedAt ? html` <small class="warn" data-standing="deactivated">(${view.t("unit.standing.deactivated")})</small>` : ""}`;
}

/**
 * Whether the unit owes reports, and for a province reader (coordinator, admin) the buttons that
 * change it: outside the province or inside, deactivate or reactivate (POST /console/units/:id/standing).
 */
function standingSection(view: ConsoleView, unit: UnitRow, done: string | undefined) {
  const owes = !unit.external && !unit.deactivatedAt;
  const said = done && (standingChanges as readonly string[]).includes(done) ? html`<p class="notice" role="status">${view.t(`unit.standing.done.${done}`)}</p>` : "";
  const button = (change: StandingChange) =>
    html`<form method="post" action="/console/units/${unit.id}/standing" class="inline">${html`<input type="hidden" name="_csrf" value="${view.csrf}">`}<input type="hidden" name="change" value="${change}"><button data-change="${change}">${view.t(`unit.standing.action.${change}`)}</button></form>`;
  const province = view.unitIds === null;
  return html`${said}<h2>${view.t("unit.standing.title")}</h2><p class="${owes ? "ok" : "warn"}" data-owes="${owes ? "yes" : "no"}">${view.t(owes ? "unit.standing.owes" : unit.deactivatedAt ? "unit.standing.deactivated_hint" : "unit.standing.external_hint")}</p>${
    province ? html`<p>${button(unit.external ? "internal" : "external")} ${button(unit.deactivatedAt ? "reactivate" : "deactivate")}</p>` : ""
  }`;
}

/** One unit: what it owes for the period, what is overdue, its people and whether their chat is linked. Undefined: not the reader's to see. */
export async function unitPage(db: Db, view: ConsoleView, unitId: number, periodKey: string, now: Date, q: PageNotice = {}): Promise<string | undefined> {
  const unit = await findUnitById(db, unitId);
  if (!unit || !seesUnit(view, unitId)) return undefined;
  const rows = (await reportingStatus(db, { periodKey, unitIds: [unitId], now })).filter((r) => r.expected);
  const owed = rows.filter((r) => !r.reported);
  const overdue = owed.filter((r) => r.state === "overdue");
  const people = await peopleOfUnits(db, [unitId]);
  const item = (r: StatusRow) =>
    html`<li>${r.subjectType === "indicator" ? html`<a href="/console/indicators/${r.subjectId}?period=${periodKey.slice(0, 4)}">${r.code}</a>` : r.code} ${r.name} <small>(${view.m(periodLabel(r.periodKey))}, ${view.t(`state.${r.state}`)})</small></li>`;
  return consolePage(view, {
    title: unit.name,
    active: "units",
    body: html`${unitChangeNotice(view, q)}${standingSection(view, unit, q.done)}${view.unitIds === null ? unitManageSection(view, unit, await listUnits(db)) : ""}<p class="hint">${view.t("unit.period", { period: view.m(periodLabel(periodKey)) })} — ${view.t("unit.counts", { expected: rows.length, owed: owed.length, overdue: overdue.length })}</p>
<h2>${view.t("unit.overdue")}</h2>${overdue.length ? html`<ul class="list alert">${overdue.map(item)}</ul>` : html`<p class="empty">${view.t("unit.none_overdue")}</p>`}
<h2>${view.t("unit.owed")}</h2>${owed.length ? html`<ul class="list">${owed.map(item)}</ul>` : html`<p class="empty">${view.t("unit.none_owed")}</p>`}
<h2>${view.t("unit.reported")}</h2><ul class="list">${rows
      .filter((r) => r.report && (r.reported || r.approvalRequired))
      .map((r) => html`<li><a href="/console/reports/${r.report!.id}">${r.code}</a> ${r.name}: <b>${r.report!.valueNumber ?? r.report!.valueText ?? r.report!.taskStatus ?? ""}</b> <small>${r.report!.reporterName ?? ""}</small>${r.approvalRequired ? html` ${approvalState(view, r)}` : ""}</li>`)}</ul>
<h2>${view.t("unit.people")}</h2>
<table class="plain"><thead><tr><th>${view.t("unit.person")}</th><th>${view.t("unit.roles")}</th><th>${view.t("unit.linked")}</th></tr></thead><tbody>${people.map(
      (p) => html`<tr><td>${p.name}${p.deactivated ? html` <small>(${view.t("unit.deactivated")})</small>` : ""}</td><td>${p.roles.map((r) => view.m({ key: `role.name.${r}` })).join(", ")}</td><td class="${p.linked ? "ok" : "warn"}">${view.t(p.linked ? "unit.yes" : "unit.no")}</td></tr>`,
    )}</tbody></table>`,
  });
}
