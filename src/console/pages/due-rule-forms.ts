import type { ResolvedPeriodRules } from "../../domain/due-rules.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";

/**
 * The due rules on the plan pages (src/domain/due-rules.ts): the rule in force and where it comes
 * from (item, plan, province, built in), and the form that sets or clears one level's rule.
 */

/** "16h00 ngày 25 (của kế hoạch); số liệu năm: 05/12 (mặc định có sẵn)". */
export function effectiveDueRule(view: ConsoleView, r: ResolvedPeriodRules): SafeHtml {
  const { rules, from } = r;
  return html`<span data-due-rule="${rules.dueDay} ${rules.dueHour} ${rules.yearlyDueDay}/${rules.yearlyDueMonth}" data-due-from="${from.due}">${view.t("plans.due.effective", {
    rule: view.t("plans.due.rule", { day: rules.dueDay, hour: rules.dueHour }),
    from: view.t(`plans.due.from.${from.due}`),
    yearly: `${String(rules.yearlyDueDay).padStart(2, "0")}/${String(rules.yearlyDueMonth).padStart(2, "0")}`,
    yearlyFrom: view.t(`plans.due.from.${from.yearly}`),
  })}</span>`;
}

/** Day, hour, the yearly date, save; and a "clear" button that hands the level back to the one above. */
export function dueRuleForm(view: ConsoleView, action: string, code: string | null, own: { day: number | null; hour: number | null; yearly: string }): SafeHtml {
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const codeField = code === null ? "" : html`<input type="hidden" name="code" value="${code}">`;
  return html`<form method="post" action="${action}" class="inline" data-due-form="${code ?? ""}">${csrf}${codeField}<label>${view.t("plans.due.day")} <input name="day" type="number" min="1" max="28" size="3" value="${own.day ?? ""}"></label> <label>${view.t("plans.due.hour")} <input name="hour" type="number" min="0" max="23" size="3" value="${own.hour ?? ""}"></label> <label>${view.t("plans.due.yearly")} <input name="yearly" size="6" placeholder="05/12" pattern="\\d{1,2}/\\d{1,2}" value="${own.yearly}"></label> <button>${view.t("plans.save")}</button> <button name="clear" value="1" data-due-clear>${view.t("plans.due.clear")}</button></form>`;
}

/** A stored yearly date as the form shows it ("05/12"), empty when not set. */
export function yearlyText(day: number | null, month: number | null): string {
  return day === null || month === null ? "" : `${String(day).padStart(2, "0")}/${String(month).padStart(2, "0")}`;
}
