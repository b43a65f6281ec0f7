import type { Db } from "../../../db/client.ts";
import { figureForDecision } from "../../../db/repositories/approvals-repository.ts";
import { planItemsOf, reportHistory } from "../../../db/repositories/reporting-status-repository.ts";
import { periodLabel } from "../../chat/format.ts";
import { seesUnit, type ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage } from "../layout.ts";
import { approvalState } from "./approval-state.ts";

/** A report's revisions (who, when, over which channel) with its evidence: photos shown, files and links opened. */
export async function reportPage(db: Db, view: ConsoleView, reportId: number): Promise<string | undefined> {
  const history = await reportHistory(db, reportId);
  if (!history || !seesUnit(view, history.report.unitId)) return undefined;
  const item = (await planItemsOf(db, null)).find((i) => i.subjectKey === history.report.subjectKey);
  const when = (ms: number) => new Date(ms).toLocaleString(view.locale === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh" });
  let n = 0;
  const revisions = history.revisions.map((r) => {
    const evidence = r.evidence.map((e) => {
      const index = n++;
      if (e.kind === "link") {
        const url = e.ref.replace(/^(telegram|zalo|devchat):/, "");
        return html`<li><a href="${/^https?:\/\//.test(url) ? url : "#"}" rel="noopener noreferrer" target="_blank">${url}</a></li>`;
      }
      const src = `/console/reports/${reportId}/evidence/${index}`;
      return e.kind === "photo" || e.mimeType?.startsWith("image/")
        ? html`<li><a href="${src}"><img src="${src}" alt="${e.fileName ?? view.t("report.photo")}" class="evidence"></a></li>`
        : html`<li><a href="${src}">${e.fileName ?? view.t("report.file")}</a></li>`;
    });
    return html`<li class="revision"><b>${view.t("report.revision", { n: r.revision })}</b> — ${r.valueNumber ?? r.valueText ?? ""} ${r.taskStatus ? view.m({ key: `task.status.${r.taskStatus}` }) : ""}
<div class="meta">${view.t("report.by", { name: r.personName ?? "?", at: when(r.createdAt), channel: view.t(`channel.${r.channel}`) })}</div>
${r.note ? html`<div class="note">${r.note}</div>` : ""}${evidence.length ? html`<ul class="evidence-list">${evidence}</ul>` : ""}</li>`;
  });
  const figure = await figureForDecision(db, reportId);
  const state = figure?.approvalRequired ? approvalState(view, figure) : "";
  return consolePage(view, {
    title: view.t("report.title", { id: reportId }),
    active: "overview",
    body: html`<p><a href="/console/units/${history.report.unitId}">${history.report.unitName}</a> · ${item ? (item.subjectType === "indicator" ? html`<a href="/console/indicators/${item.subjectId}?period=${history.report.periodKey.slice(0, 4)}">${item.code} ${item.name}</a>` : `${item.code} ${item.name}`) : history.report.subjectKey} · ${view.m(periodLabel(history.report.periodKey))}${state ? html` · ${state}` : ""}</p><ol class="revisions">${revisions}</ol>`,
  });
}

/** The stored file of the report's n-th evidence (in revision order), when it is the reader's to see and is kept on disk. */
export async function evidenceFile(db: Db, view: ConsoleView, reportId: number, index: number): Promise<{ path: string; mimeType: string | null; fileName: string | null } | undefined> {
  const history = await reportHistory(db, reportId);
  if (!history || !seesUnit(view, history.report.unitId)) return undefined;
  const e = history.revisions.flatMap((r) => r.evidence)[index];
  if (!e || e.kind === "link" || /^[a-z]+:/.test(e.ref)) return undefined;
  return { path: e.ref, mimeType: e.mimeType, fileName: e.fileName };
}
