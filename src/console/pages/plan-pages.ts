import type { Db } from "../../../db/client.ts";
import { listPlans, planIndicators, planTasks, type PlanRow } from "../../../db/repositories/catalogue-repository.ts";
import { filesOfPlan } from "../../../db/repositories/plan-files-repository.ts";
import { planContents, planItemFrequencies } from "../../../db/repositories/plans-repository.ts";
import { frequencies, type Frequency } from "../../domain/frequency.ts";
import { subjectKey } from "../../domain/subject-key.ts";
import { toVnParts } from "../../domain/vn-time.ts";
import { planApprovalSettings } from "../../services/approvals.ts";
import { listPlanTrackFrom, provinceTrackFrom } from "../../services/unit-standing.ts";
import { dueRulesCheck } from "../../services/due-rules.ts";
import { dueRuleForm, effectiveDueRule, yearlyText } from "./due-rule-forms.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";
import { consolePage } from "../layout.ts";

/** What a plan page's ?done= may say after a change (console-plan-routes.ts). */
export const planNotices = ["imported", "schedule", "cutoff", "due_rule", "bad_due_rule", "numbered", "number_taken", "bad_number", "bad_days", "removal_unconfirmed", "not_pending"] as const;

/** The plans of the province (coordinators, admins): number, title, items, how often, tracked from, approval. */
export async function planListPage(db: Db, view: ConsoleView, q: { done?: string; n?: string }): Promise<string> {
  const plans = await listPlans(db);
  const approval = new Map((await planApprovalSettings(db)).map((p) => [p.id, p]));
  const own = await listPlanTrackFrom(db);
  const province = await provinceTrackFrom(db);
  const rows = await Promise.all(
    plans.map(async (plan) => {
      const contents = await planContents(db, plan.id);
      const used = [...new Set([...(await planItemFrequencies(db, plan.id)).values()].flat())];
      const a = approval.get(plan.id);
      const trackFrom = own.get(plan.id);
      return html`<tr data-plan="${plan.key}"><td><a href="/console/plans/${plan.id}">${planName(view, plan)}</a></td><td>${plan.title ?? ""}</td><td data-items>${contents.indicators + contents.tasks}</td>
<td>${frequencyList(view, used)}</td><td>${trackFrom ? localDate(trackFrom) : province ? view.t("periods.track_from_province", { date: localDate(province) }) : "—"}</td>
<td>${a?.approvalRequired ? view.t("plans.approval_on", { days: a.lockAfterDays }) : view.t("periods.approval_off")}</td></tr>`;
    }),
  );
  const notice =
    q.done === "removed"
      ? html`<p class="notice" role="status">${view.t("plans.done.removed", { plan: q.n ?? "" })}</p>`
      : q.done === "due_rule" || q.done === "bad_due_rule"
        ? html`<p class="notice${q.done === "bad_due_rule" ? " alert" : ""}" role="status" data-done="${q.done}">${view.t(`plans.done.${q.done}`)}</p>`
        : "";
  // The province's default due rule (src/domain/due-rules.ts): plans and items without their own follow it.
  const dueRules = await dueRulesCheck(db);
  const provinceDue = dueRules.own.province;
  return consolePage(view, {
    title: view.t("plans.title"),
    active: "plans",
    body: html`${notice}<p><a class="button" href="/console/plans/upload" data-upload-link>${view.t("plans.upload.link")}</a></p>
<h2>${view.t("plans.due.province_title")}</h2><p class="hint">${view.t("plans.due.hint")}</p>
<p data-province-due>${effectiveDueRule(view, dueRules.ofProvince())}</p>${dueRuleForm(view, "/console/plans/due-rule", null, { day: provinceDue?.dueDay ?? null, hour: provinceDue?.dueHour ?? null, yearly: yearlyText(provinceDue?.yearlyDueDay ?? null, provinceDue?.yearlyDueMonth ?? null) })}
${
  plans.length
    ? html`<div class="scroll"><table class="plain"><thead><tr><th>${view.t("plans.number")}</th><th>${view.t("plans.plan_title")}</th><th>${view.t("plans.items")}</th><th>${view.t("plans.frequency")}</th><th>${view.t("periods.track_from")}</th><th>${view.t("periods.approval")}</th></tr></thead><tbody>${rows}</tbody></table></div>`
    : html`<p class="empty">${view.t("plans.none")}</p>`
}`,
  });
}

/** One plan: its files, its number when it has none, its due rules (plan and items), its removal. */
export async function planPage(db: Db, view: ConsoleView, plan: PlanRow, q: { done?: string }): Promise<string> {
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const files = await filesOfPlan(db, plan.id);
  const contents = await planContents(db, plan.id);
  const byItem = await planItemFrequencies(db, plan.id);
  const a = (await planApprovalSettings(db)).find((p) => p.id === plan.id);
  const items = [
    ...(await planIndicators(db, plan.id)).map((i) => ({ code: i.code, name: i.name, key: subjectKey("indicator", i.id) })),
    ...(await planTasks(db, plan.id)).map((t) => ({ code: t.code, name: t.name, key: subjectKey("task", t.id) })),
  ];
  const options = (selected?: Frequency) => frequencies.map((f) => html`<option value="${f}"${f === selected ? html` selected` : ""}>${view.t(`plans.frequencies.${f}`)}</option>`);
  const scheduleForm = (code: string, current: Frequency[]) =>
    html`<form method="post" action="/console/plans/${plan.id}/schedule" class="inline">${csrf}<input type="hidden" name="code" value="${code}"><select name="frequency" aria-label="${view.t("plans.frequency")}">${options(current.length === 1 ? current[0] : undefined)}</select> <button>${view.t("plans.save")}</button></form>`;
  const notice = q.done && (planNotices as readonly string[]).includes(q.done) ? html`<p class="notice${q.done.startsWith("bad") || q.done.endsWith("taken") || q.done.endsWith("unconfirmed") ? " alert" : ""}" role="status" data-done="${q.done}">${view.t(`plans.done.${q.done}`)}</p>` : "";
  const allFrequencies = [...new Set([...byItem.values()].flat())];
  // The due rule in force for the plan and each item, and where it comes from (src/domain/due-rules.ts).
  const due = await dueRulesCheck(db);
  const ownForm = (code: string | null, r: { dueDay: number | null; dueHour: number | null; yearlyDueDay: number | null; yearlyDueMonth: number | null } | null) =>
    dueRuleForm(view, `/console/plans/${plan.id}/due-rule`, code, { day: r?.dueDay ?? null, hour: r?.dueHour ?? null, yearly: yearlyText(r?.yearlyDueDay ?? null, r?.yearlyDueMonth ?? null) });
  return consolePage(view, {
    title: `${view.t("plans.plan")} ${planName(view, plan)}`,
    active: "plans",
    body: html`${notice}<p>${plan.title ?? ""}${plan.date ? html` — ${plan.date}` : ""}${plan.issuer ? html` — ${plan.issuer}` : ""}</p>
<p class="hint" data-contents>${view.t("plans.contents", { ...contents })}</p>
<h2>${view.t("plans.files.title")}</h2>${
      files.length
        ? html`<ul class="list">${files.map((f) => html`<li><a href="/console/plans/${plan.id}/files/${f.id}" data-file="${f.fileName}">${f.fileName}</a> <small>${view.t("plans.files.line", { size: Math.max(1, Math.round(f.sizeBytes / 1024)), by: f.uploadedBy, at: localDate(f.uploadedAt) })}</small></li>`)}</ul>`
        : html`<p class="empty">${view.t("plans.files.none")}</p>`
    }
${plan.number ? "" : html`<h2>${view.t("plans.number_title")}</h2><p class="hint">${view.t("plans.number_hint")}</p><form method="post" action="/console/plans/${plan.id}/number">${csrf}<label>${view.t("plans.number")} <input name="number" required maxlength="100" placeholder="52/KH-UBND"></label> <button>${view.t("plans.save")}</button></form>`}
<h2>${view.t("plans.rules.title")}</h2><p class="hint">${view.t("plans.rules.hint")}</p>
<p>${view.t("plans.rules.plan")} ${frequencyList(view, allFrequencies)}</p>${scheduleForm("", allFrequencies)}
<h3>${view.t("plans.due.title")}</h3><p class="hint">${view.t("plans.due.hint")}</p>
<p data-plan-due>${view.t("plans.rules.plan")} ${effectiveDueRule(view, due.ofPlan(plan.id))}</p>${ownForm(null, due.own.plan(plan.id))}
<form method="post" action="/console/plans/${plan.id}/cutoff">${csrf}<label>${view.t("periods.cutoff")} (${view.t("periods.days")}) <input name="days" type="number" min="0" max="365" required value="${a?.lockAfterDays ?? 5}"></label> <button>${view.t("plans.save")}</button> <small>${a?.approvalRequired ? view.t("periods.approval_on") : view.t("plans.cutoff_needs_approval")}</small></form>
<h3>${view.t("plans.rules.items")}</h3><div class="scroll"><table class="plain"><thead><tr><th>${view.t("plans.code")}</th><th>${view.t("plans.name")}</th><th>${view.t("plans.frequency")}</th><th>${view.t("plans.due.column")}</th></tr></thead><tbody>${items.map(
      (i) =>
        html`<tr data-item="${i.code}"><td>${i.code}</td><td>${i.name}</td><td>${scheduleForm(i.code, byItem.get(i.key) ?? [])}</td><td>${effectiveDueRule(view, due.resolved(i.key))}<br>${ownForm(i.code, due.own.item(i.key))}</td></tr>`,
    )}</tbody></table></div>
<h2>${view.t("plans.remove.title")}</h2><p class="hint">${view.t("plans.remove.hint", { ...contents })}</p>
<form method="post" action="/console/plans/${plan.id}/delete">${csrf}<label><input type="checkbox" name="confirm" value="1" data-confirm-remove> ${view.t("plans.remove.confirm")}</label> <button data-remove-plan>${view.t("plans.remove.button")}</button></form>`,
  });
}

/** The plan's number, or what a plan without one is called. */
export function planName(view: ConsoleView, plan: Pick<PlanRow, "number" | "key">): string {
  return plan.number || view.t("plans.no_number", { key: plan.key.replace(/^file:/, "") });
}

function frequencyList(view: ConsoleView, used: Frequency[]): SafeHtml | string {
  return used.length ? html`<span data-frequencies="${used.join(" ")}">${used.map((f) => view.t(`plans.frequencies.${f}`)).join(", ")}</span>` : "—";
}

function localDate(d: Date): string {
  const p = toVnParts(d);
  return `${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}/${p.year}`;
}
