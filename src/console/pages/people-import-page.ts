import type { ImportedPerson, PeopleImportResult } from "../../services/import-people.ts";
import type { ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage } from "../layout.ts";

/**
 * Importing a list of people (coordinators, admins): upload a CSV or XLSX file (kept server-side; the
 * confirm form names it by its upload id), or paste the CSV or pick a CSV into the box, see what the
 * import would create or update, then confirm. The preview shows only invite codes the import will
 * really hand out (a person's current code); a new person's code is made by the import itself.
 */
export function peopleImportPage(view: ConsoleView, v: { csv?: string; upload?: string; preview?: PeopleImportResult; error?: string } = {}): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const preview = v.preview;
  const row = (p: ImportedPerson) =>
    html`<tr data-status="${p.status}"><td>${p.line}</td><td>${p.name}</td><td>${p.phone ?? ""}</td><td>${p.unit}</td><td>${p.roles.map((r) => view.m({ key: `role.name.${r}` })).join(", ")}</td><td data-code>${p.inviteCode ?? view.t("people_import.code_on_import")}</td><td>${view.t(`people_import.status.${p.status}`)}</td></tr>`;
  const count = (s: ImportedPerson["status"]) => preview?.people.filter((p) => p.status === s).length ?? 0;
  return consolePage(view, {
    title: view.t("people_import.title"),
    active: "people",
    body: html`${v.error ? html`<p class="notice alert" role="alert">${v.error}</p>` : ""}<p class="hint">${view.t("people_import.hint")}</p>
${
  preview
    ? html`<h2>${view.t("people_import.preview_title")}</h2><p data-preview-counts>${view.t("people_import.counts", { created: count("created"), updated: count("updated"), unchanged: count("unchanged") })}</p>
<div class="scroll"><table class="plain"><thead><tr><th>${view.t("people_import.line")}</th><th>${view.t("people.name")}</th><th>${view.t("people.phone")}</th><th>${view.t("people.unit")}</th><th>${view.t("people.roles")}</th><th>${view.t("people.invite_code")}</th><th>${view.t("people_import.change")}</th></tr></thead><tbody>${preview.people.map(row)}</tbody></table></div>
${preview.problems.length ? html`<h2>${view.t("people_import.problems")}</h2><ul class="list alert">${preview.problems.map((p) => html`<li data-problem="${p.code}">${view.t("people_import.problem_line", { line: p.line })} ${view.m({ key: `cli.people.problem.${p.code}`, params: { value: p.value ?? "", text: p.text } })}</li>`)}</ul>` : ""}
${preview.people.length ? html`<form method="post" action="/console/people/import">${csrf}${v.upload ? html`<input type="hidden" name="upload" value="${v.upload}">` : html`<input type="hidden" name="csv" value="${v.csv ?? ""}">`}<input type="hidden" name="confirm" value="1"><button class="primary" data-confirm-import>${view.t("people_import.confirm")}</button></form>` : ""}`
    : ""
}
<form method="post" action="/console/people/import/file" enctype="multipart/form-data" data-list-upload>${csrf}<p><label>${view.t("list_upload.file")} <input type="file" name="file" accept=".csv,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" required></label> <button>${view.t("list_upload.preview")}</button></p></form>
<form method="post" action="/console/people/import">${csrf}<p><label>${view.t("people_import.file")} <input type="file" accept=".csv,text/csv" data-fill="csv"></label></p>
<p><label>${view.t("people_import.paste")}<br><textarea name="csv" rows="10" cols="80" data-csv>${v.csv ?? ""}</textarea></label></p><button>${view.t("people_import.preview")}</button></form>`,
  });
}
