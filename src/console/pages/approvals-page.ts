import { listPlanTrackFrom, provinceTrackFrom } from "../../services/unit-standing.ts";
import { toVnParts } from "../../domain/vn-time.ts";
import type { Db } from "../../../db/client.ts";
import { periodLockRows } from "../../../db/repositories/approvals-repository.ts";
import { periodLabel } from "../../chat/format.ts";
import { listWaitingFigures, lockablePeriods, listPeriods, planApprovalSettings, type WaitingFigure } from "../../services/approvals.ts";
import type { ConsoleView } from "../console-view.ts";
import { html } from "../html.ts";
import { consolePage } from "../layout.ts";

/** Outcomes a decision redirects with (?done=…), each said once at the top of the page. */
export const approvalNotices = ["approved", "returned", "approved_all", "stale", "not_found", "not_allowed", "locked", "approval_off", "reason_required", "closed", "reopened", "plan_saved", "bad_days", "bad_date"] as const;
export type ApprovalNotice = (typeof approvalNotices)[number];

/** "2026-12-01": the Vietnamese calendar date of an instant (a date input's value). */
function vnDate(d: Date): string {
  const p = toVnParts(d);
  return `${p.year}-${String(p.month).padStart(2, "0")}-${String(p.day).padStart(2, "0")}`;
}

function notice(view: ConsoleView, done: string | undefined, n?: string): ReturnType<typeof html> | "" {
  if (!done || !(approvalNotices as readonly string[]).includes(done)) return "";
  const bad = !["approved", "returned", "approved_all", "closed", "reopened", "plan_saved"].includes(done);
  return html`<p class="notice${bad ? " alert" : ""}" role="status">${view.t(`approvals.done.${done}`, { n: n ?? "0" })}</p>`;
}

function valueOf(view: ConsoleView, f: WaitingFigure): string {
  if (f.taskStatus) return view.m({ key: `task.status.${f.taskStatus}` });
  return `${f.valueNumber ?? f.valueText ?? ""}${f.unitOfMeasure && f.valueNumber !== null ? ` ${f.unitOfMeasure}` : ""}`;
}

/** Figures a page of the approvals list shows, and so the most one "approve all shown" covers. */
export const APPROVALS_PAGE_SIZE = 100;

/**
 * The figures waiting for the reader's decision (unit head: their unit and below; coordinator,
 * admin: all), grouped by item, APPROVALS_PAGE_SIZE a page, in listWaitingFigures' order (plan, item, unit, period). Every form names the revision shown, so a figure corrected
 * meanwhile is refused as stale instead of being decided unseen.
 */
export async function approvalsPage(db: Db, view: ConsoleView, q: { done?: string; n?: string; page?: string }): Promise<string> {
  const waiting = await listWaitingFigures(db, view.unitIds);
  const pages = Math.max(1, Math.ceil(waiting.length / APPROVALS_PAGE_SIZE));
  const page = Math.min(pages, Math.max(1, Number.parseInt(q.page ?? "1", 10) || 1));
  // A page at a time, so that "approve all shown" is what the head has in front of them (and fits one form).
  const figures = waiting.slice((page - 1) * APPROVALS_PAGE_SIZE, page * APPROVALS_PAGE_SIZE);
  const groups = new Map<string, WaitingFigure[]>();
  for (const f of figures) (groups.get(f.subjectKey) ?? groups.set(f.subjectKey, []).get(f.subjectKey)!).push(f);
  const when = (d: Date) => d.toLocaleString(view.locale === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh" });
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const figure = (f: WaitingFigure) => {
    const ids = html`${csrf}<input type="hidden" name="reportId" value="${f.reportId}"><input type="hidden" name="revision" value="${f.revision}">`;
    return html`<li class="figure" data-report="${f.reportId}"><div><b>${f.unitName}</b> · ${view.m(periodLabel(f.periodKey))}: <b class="value">${valueOf(view, f)}</b></div>
<div class="meta">${view.t("approvals.target")}: ${f.target ?? "–"} · ${view.t("approvals.previous")}: ${f.previous ? `${f.previous.value ?? "–"} (${view.m(periodLabel(f.previous.periodKey))})` : "–"}</div>
<div class="meta">${view.t("approvals.sender", { name: f.reporterName ?? "?", at: when(f.submittedAt) })} · <a href="/console/reports/${f.reportId}">${f.evidenceCount ? view.t("approvals.evidence", { n: f.evidenceCount }) : view.t("approvals.history")}</a></div>
${f.note ? html`<div class="note">${f.note}</div>` : ""}
<form method="post" action="/console/approvals/approve" class="inline">${ids}<button>${view.t("approvals.approve")}</button></form>
<details class="return"><summary>${view.t("approvals.return")}</summary><form method="post" action="/console/approvals/return">${ids}<label>${view.t("approvals.reason")} <input name="reason" required maxlength="500"></label> <button>${view.t("approvals.return_send")}</button></form></details></li>`;
  };
  const all = figures.map((f) => html`<input type="hidden" name="f" value="${f.reportId}:${f.revision}">`);
  return consolePage(view, {
    title: view.t("approvals.title"),
    active: "approvals",
    body: html`${notice(view, q.done, q.n)}
${figures.length
  ? html`<p class="hint">${view.t("approvals.count", { n: waiting.length })}${pages > 1 ? html` · ${view.t("approvals.page", { page, pages })}` : ""}</p>
<form method="post" action="/console/approvals/approve-all">${csrf}${all}<button>${view.t(pages > 1 ? "approvals.approve_all_page" : "approvals.approve_all", { n: figures.length })}</button></form>
${[...groups.values()].map((g) => html`<section class="item"><h2>${g[0]!.code} ${g[0]!.name}</h2><ul class="list figures">${g.map(figure)}</ul></section>`)}
${pages > 1 ? pager(view, page, pages) : ""}`
  : html`<p class="empty">${view.t("approvals.none")}</p>`}
${view.unitIds === null ? html`<p><a href="/console/periods">${view.t("nav.periods")}</a></p>` : ""}`,
  });
}

function pager(view: ConsoleView, page: number, pages: number): ReturnType<typeof html> {
  return html`<nav class="pager" aria-label="${view.t("approvals.pages")}">${page > 1 ? html`<a href="/console/approvals?page=${page - 1}" rel="prev">${view.t("approvals.prev")}</a> ` : ""}<span>${view.t("approvals.page", { page, pages })}</span>${page < pages ? html` <a href="/console/approvals?page=${page + 1}" rel="next">${view.t("approvals.next")}</a>` : ""}</nav>`;
}

/** The one confirmation step of "approve all shown": the same figures, at the same revisions, once more. */
export function approveAllConfirmPage(view: ConsoleView, figures: { reportId: number; revision: number }[]): string {
  return consolePage(view, {
    title: view.t("approvals.title"),
    active: "approvals",
    body: html`<p>${view.t("approvals.confirm_all", { n: figures.length })}</p>
<form method="post" action="/console/approvals/approve-all"><input type="hidden" name="_csrf" value="${view.csrf}"><input type="hidden" name="confirm" value="1">${figures.map((f) => html`<input type="hidden" name="f" value="${f.reportId}:${f.revision}">`)}<button>${view.t("approvals.confirm_button")}</button></form>
<p><a href="/console/approvals">${view.t("approvals.cancel")}</a></p>`,
  });
}

/** Periods with their lock state (close, reopen) and each plan's approval and cutoff: coordinators and admins only. */
export async function periodsPage(db: Db, view: ConsoleView, now: Date, q: { done?: string }): Promise<string> {
  const locked = new Map((await lockablePeriods(db, now)).map((p) => [p.key, p.locked]));
  const lockRows = await periodLockRows(db);
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const rows = (await listPeriods(db, now)).map((p) => {
    const state = p.closedAt ? "closed" : locked.get(p.key) ? "cutoff" : lockRows.get(p.key)?.reopenedAt ? "reopened" : "open";
    const lockedNow = state === "closed" || state === "cutoff";
    return html`<tr data-period="${p.key}"><td>${view.m(periodLabel(p.key))}</td><td class="${lockedNow ? "warn" : "ok"}">${view.t(`periods.state.${state}`)}</td><td>${p.reports}</td><td>
<form method="post" action="/console/periods/${p.key}/${lockedNow ? "reopen" : "close"}" class="inline">${csrf}<button>${view.t(lockedNow ? "periods.reopen" : "periods.close")}</button></form></td></tr>`;
  });
  // From when each plan is chased (src/domain/reporting-duty.ts): its own date, else the province's.
  const trackFrom = await listPlanTrackFrom(db);
  const province = await provinceTrackFrom(db);
  const dateField = (value: Date | null | undefined) => html`<input name="date" type="date" value="${value ? vnDate(value) : ""}">`;
  const plans = (await planApprovalSettings(db)).map(
    (p) => html`<tr data-plan="${p.id}"><td>${p.number}</td><td>${view.t(p.approvalRequired ? "periods.approval_on" : "periods.approval_off")}
<form method="post" action="/console/plans/approval" class="inline">${csrf}<input type="hidden" name="plan" value="${p.key}"><input type="hidden" name="on" value="${p.approvalRequired ? "0" : "1"}"><button>${view.t(p.approvalRequired ? "periods.turn_off" : "periods.turn_on")}</button></form></td>
<td><form method="post" action="/console/plans/lock-days" class="inline">${csrf}<input type="hidden" name="plan" value="${p.key}"><label>${view.t("periods.days")} <input name="days" type="number" min="0" max="365" value="${p.lockAfterDays}" size="4"></label> <button>${view.t("periods.save")}</button></form></td>
<td><form method="post" action="/console/plans/track-from" class="inline" data-track-from="${p.key}">${csrf}<input type="hidden" name="plan" value="${p.key}"><label>${view.t("periods.track_from_date")} ${dateField(trackFrom.get(p.id))}</label> <button>${view.t("periods.save")}</button></form>${
      !trackFrom.has(p.id) && province ? html` <small>${view.t("periods.track_from_province", { date: vnDate(province) })}</small>` : ""
    }</td></tr>`,
  );
  return consolePage(view, {
    title: view.t("periods.title"),
    active: "periods",
    body: html`${notice(view, q.done)}<p class="hint">${view.t("periods.hint")}</p>
<div class="scroll"><table class="plain"><thead><tr><th>${view.t("periods.period")}</th><th>${view.t("periods.state_title")}</th><th>${view.t("periods.reports")}</th><th></th></tr></thead><tbody>${rows}</tbody></table></div>
<h2>${view.t("periods.plans")}</h2><p class="hint">${view.t("periods.plans_hint")}</p>
<div class="scroll"><table class="plain"><thead><tr><th>${view.t("periods.plan")}</th><th>${view.t("periods.approval")}</th><th>${view.t("periods.cutoff")}</th><th>${view.t("periods.track_from")}</th></tr></thead><tbody>${plans}</tbody></table></div>
<h2>${view.t("periods.track_from")}</h2><p class="hint">${view.t("periods.track_from_hint")}</p>
<form method="post" action="/console/province/track-from" data-track-from="province">${csrf}<label>${view.t("periods.track_from_province_label")} ${dateField(province)}</label> <button>${view.t("periods.save")}</button></form>`,
  });
}
