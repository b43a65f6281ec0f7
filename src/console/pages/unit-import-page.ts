import type { ImportedUnit, UnitImportResult } from "../../services/import-units.ts";
import type { ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage } from "../layout.ts";

/**
 * Importing a list of units (coordinators, admins): upload a CSV or XLSX file (kept server-side; the
 * confirm form names it by its upload id), or paste the CSV (or pick a CSV: console.js reads it into the box), see what the import
 * would add, rename, update or leave, then confirm.
 */
export function unitImportPage(view: ConsoleView, v: { csv?: string; upload?: string; preview?: UnitImportResult; error?: string } = {}): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const preview = v.preview;
  const row = (u: ImportedUnit) =>
    html`<tr data-status="${u.status}"><td>${u.line}</td><td>${u.name}${u.previousName ? html` <small>(${view.t("unit_import.was", { name: u.previousName })})</small>` : ""}</td><td>${u.parent ?? ""}</td><td>${view.m({ key: `cli.units.kind.${u.kind}` })}</td><td>${u.external ? view.t("unit.standing.external") : ""}</td><td>${view.t(`unit_import.status.${u.status}`)}</td></tr>`;
  const count = (s: ImportedUnit["status"]) => preview?.units.filter((u) => u.status === s).length ?? 0;
  return consolePage(view, {
    title: view.t("unit_import.title"),
    active: "units",
    body: html`${v.error ? html`<p class="notice alert" role="alert">${v.error}</p>` : ""}<p class="hint">${view.t("unit_import.hint")}</p>
${
  preview
    ? html`<h2>${view.t("unit_import.preview_title")}</h2><p data-preview-counts>${view.t("unit_import.counts", { added: count("added"), renamed: count("renamed"), changed: count("changed"), unchanged: count("unchanged") })}</p>
<div class="scroll"><table class="plain"><thead><tr><th>${view.t("unit_import.line")}</th><th>${view.t("unit_import.name")}</th><th>${view.t("unit_import.parent")}</th><th>${view.t("unit_import.kind")}</th><th>${view.t("unit_import.standing")}</th><th>${view.t("unit_import.change")}</th></tr></thead><tbody>${preview.units.map(row)}</tbody></table></div>
${preview.problems.length ? html`<h2>${view.t("unit_import.problems")}</h2><ul class="list alert">${preview.problems.map((p) => html`<li data-problem="${p.code}">${view.t("unit_import.problem_line", { line: p.line })} ${view.m({ key: `cli.units.import.problem.${p.code}`, params: { value: p.value, text: p.text, kinds: "department, commune, office, agency, enterprise_group" } })}</li>`)}</ul>` : ""}
${preview.units.length ? html`<form method="post" action="/console/units/import">${csrf}${v.upload ? html`<input type="hidden" name="upload" value="${v.upload}">` : html`<input type="hidden" name="csv" value="${v.csv ?? ""}">`}<input type="hidden" name="confirm" value="1"><button data-confirm-import>${view.t("unit_import.confirm")}</button></form>` : ""}`
    : ""
}
<form method="post" action="/console/units/import/file" enctype="multipart/form-data" data-list-upload>${csrf}<p><label>${view.t("list_upload.file")} <input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></label> <button>${view.t("list_upload.preview")}</button></p></form>
<form method="post" action="/console/units/import">${csrf}<p><label>${view.t("unit_import.file")} <input type="file" accept=".csv,text/csv" data-fill="csv"></label></p>
<p><label>${view.t("unit_import.paste")}<br><textarea name="csv" rows="10" cols="80" data-csv>${v.csv ?? ""}</textarea></label></p><button>${view.t("unit_import.preview")}</button></form>`,
  });
}
