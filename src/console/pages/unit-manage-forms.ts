import type { UnitRow } from "../../../db/repositories/units-repository.ts";
import { unitKinds } from "../../domain/types.ts";
import type { PageNotice } from "../console-page-kit.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";

const doneWords = ["added", "renamed", "alias_added", "moved"];
const errorWords = ["exists", "no_unit", "no_parent", "bad_kind", "name_taken", "cycle", "no_name"];

/** The notice of a tree change, or of its refusal, worded from the service's reason. */
export function unitChangeNotice(view: ConsoleView, q: PageNotice): SafeHtml | string {
  if (q.error && errorWords.includes(q.error)) return html`<p class="notice alert" role="alert" data-error="${q.error}">${view.t(`unit_manage.error.${q.error}`, { value: q.value ?? "" })}</p>`;
  if (q.done && doneWords.includes(q.done)) return html`<p class="notice" role="status" data-done="${q.done}">${view.t(`unit_manage.done.${q.done}`)}</p>`;
  return "";
}

/** Adding a unit (a commune, a department, an office under its department): name, kind, parent. */
export function unitAddForm(view: ConsoleView, units: UnitRow[]): SafeHtml {
  return html`<details class="manage" data-unit-add><summary>${view.t("unit_manage.add_title")}</summary><form method="post" action="/console/units" class="compose"><input type="hidden" name="_csrf" value="${view.csrf}">
<label>${view.t("unit_manage.name")} <input name="name" required maxlength="300"></label>
<label>${view.t("unit_manage.kind")} <select name="kind"><option value="">${view.t("unit_manage.kind_guess")}</option>${unitKinds.map((k) => html`<option value="${k}">${view.m({ key: `cli.units.kind.${k}` })}</option>`)}</select></label>
<label>${view.t("unit_manage.parent")} ${parentSelect(view, units, undefined)}</label>
<button class="primary">${view.t("unit_manage.add")}</button></form></details>`;
}

/** On a unit's page, for the province's readers: rename, another name (merge a spelling), move under a parent. */
export function unitManageSection(view: ConsoleView, unit: UnitRow, units: UnitRow[]): SafeHtml {
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const others = units.filter((u) => u.id !== unit.id);
  return html`<h2>${view.t("unit_manage.title")}</h2>
<form method="post" action="/console/units/${unit.id}/rename" class="tree" data-unit-rename>${csrf}<label>${view.t("unit_manage.rename")} <input name="name" required maxlength="300" value="${unit.name}"></label> <button>${view.t("unit_manage.rename_button")}</button></form>
<form method="post" action="/console/units/${unit.id}/alias" class="tree" data-unit-alias>${csrf}<label>${view.t("unit_manage.alias")} <input name="alias" required maxlength="300"></label> <button>${view.t("unit_manage.alias_button")}</button></form>
<form method="post" action="/console/units/${unit.id}/move" class="tree" data-unit-move>${csrf}<label>${view.t("unit_manage.parent")} ${parentSelect(view, others, unit.parentId)}</label> <button>${view.t("unit_manage.move_button")}</button></form>
<p class="hint">${view.t("unit_manage.hint")}</p>`;
}

function parentSelect(view: ConsoleView, units: UnitRow[], selected: number | null | undefined): SafeHtml {
  return html`<select name="parent"><option value="">${view.t("unit_manage.no_parent")}</option>${units.map((u) => html`<option value="${u.name}"${u.id === selected ? " selected" : ""}>${u.name}</option>`)}</select>`;
}
