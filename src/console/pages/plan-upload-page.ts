import type { PlanDiff } from "../../services/import-plan-file.ts";
import type { ImportProblem } from "../../importers/types.ts";
import { problemMessage } from "../../importers/problem-message.ts";
import type { ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage } from "../layout.ts";

export interface PlanUploadPreview {
  fileId: number;
  fileName: string;
  planNumber: string;
  /** The plan's number as read (or given), "" without one. */
  number: string;
  diff: PlanDiff;
  problems: ImportProblem[];
}

/**
 * Uploading a plan (coordinators, admins): pick the file (TSV/text, the template .csv/.xlsx, .docx,
 * .pdf) and optionally the plan's number; see the items new, changed and removed and the problems by
 * row; confirm — ticking a box when items would be removed with their reports.
 */
export function planUploadPage(view: ConsoleView, v: { error?: string; preview?: PlanUploadPreview; planNumber?: string } = {}): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const p = v.preview;
  const codes = (kind: "created" | "updated" | "removed", list: string[]) =>
    list.length ? html`<p data-diff="${kind}"><strong>${view.t(`plans.preview.${kind}`, { n: list.length })}</strong> ${list.join(", ")}</p>` : "";
  const preview = p
    ? html`<h2>${view.t("plans.preview.title", { file: p.fileName })}</h2>
<p data-preview-counts>${view.t("plans.preview.counts", { created: p.diff.created.length, updated: p.diff.updated.length, removed: p.diff.removed.length, unchanged: p.diff.unchanged })}</p>
<p>${p.number ? view.t(p.diff.plan === "created" ? "plans.preview.new_plan" : "plans.preview.same_plan", { number: p.number }) : view.t("plans.preview.no_number")}${p.diff.numbering ? html` ${view.t("plans.preview.numbering", { key: p.diff.numbering.replace(/^file:/, "") })}` : ""}</p>
${codes("created", p.diff.created)}${codes("updated", p.diff.updated)}${codes("removed", p.diff.removed)}
${
  p.problems.length
    ? html`<h3>${view.t("plans.preview.problems", { n: p.problems.length })}</h3><div class="scroll"><table class="plain"><thead><tr><th>${view.t("plans.preview.line")}</th><th>${view.t("plans.preview.severity")}</th><th>${view.t("plans.preview.problem")}</th></tr></thead><tbody>${p.problems.map(
        (x) => html`<tr data-problem="${x.code}"><td>${x.line}</td><td>${view.t(`plans.severity.${x.severity}`)}</td><td>${problemMessage(view.m, x)}${x.text ? html`<br><small>${x.text.slice(0, 200)}</small>` : ""}</td></tr>`,
      )}</tbody></table></div>`
    : html`<p>${view.t("plans.preview.no_problems")}</p>`
}
<form method="post" action="/console/plans/uploads/${p.fileId}/confirm">${csrf}<input type="hidden" name="plan" value="${p.planNumber}">
${p.diff.removed.length ? html`<p class="notice alert"><label><input type="checkbox" name="confirm_removal" value="1" data-confirm-removal> ${view.t("plans.preview.confirm_removal", { n: p.diff.removed.length })}</label></p>` : ""}
<button data-confirm-import>${view.t("plans.preview.confirm")}</button></form>`
    : "";
  return consolePage(view, {
    title: view.t("plans.upload.title"),
    active: "plans",
    body: html`${v.error ? html`<p class="notice alert" role="alert" data-error>${v.error}</p>` : ""}${preview}
<h2>${p ? view.t("plans.upload.again") : view.t("plans.upload.choose")}</h2><p class="hint">${view.t("plans.upload.hint")}</p>
<form method="post" action="/console/plans/upload" enctype="multipart/form-data">${csrf}
<p><label>${view.t("plans.upload.file")} <input type="file" name="file" required accept=".txt,.md,.tsv,.csv,.xlsx,.docx,.pdf"></label></p>
<p><label>${view.t("plans.upload.number")} <input name="plan" maxlength="100" placeholder="52/KH-UBND" value="${v.planNumber ?? ""}"></label></p>
<button data-upload>${view.t("plans.upload.preview")}</button></form>`,
  });
}
