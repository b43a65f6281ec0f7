import { inTransaction, type Db } from "../../db/client.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { subjectPlans } from "../../db/repositories/unit-setup-repository.ts";
import { itemOwnDueRules, planDueRules, provinceDueRule, setItemDueRuleRows, setPlanDueRuleRow, setProvinceDueRuleRow, type DueRulePatch } from "../../db/repositories/due-rules-repository.ts";
import { isValidDueRule, noDueRule, periodRulesKey, resolvePeriodRules, type DueRule, type DueRuleChange, type ResolvedPeriodRules } from "../domain/due-rules.ts";
import { dueAtOfPeriodKey } from "../domain/figure-counts.ts";
import type { PeriodRules } from "../domain/reporting-period.ts";
import { catalogueCache } from "./catalogue-cache.ts";
import { findPlan } from "./manage-plans.ts";
import type { SetupActor } from "./unit-standing.ts";

/**
 * The due rules, resolved per item by the one rule of src/domain/due-rules.ts. Every deadline — the
 * read model and so the exports and the console, the chat's lists, the reminders, the cutoff locks,
 * the "not reported" audience — is worked out with the rules this gives, so they cannot disagree.
 */
export interface DueRulesCheck {
  /** An item's ("i:12") period rules. The same rules are the same object: memos may key on it. */
  of(subjectKey: string): PeriodRules;
  /** The same, with where each half comes from (item, plan, province, built in). */
  resolved(subjectKey: string): ResolvedPeriodRules;
  /** A plan's rules for its items without their own. */
  ofPlan(planId: number): ResolvedPeriodRules;
  /** The province's rules, for plans and items without their own. */
  ofProvince(): ResolvedPeriodRules;
  /** The deadline of an item's period ("2026-11"); null for "once" or a key that is not a period. */
  dueAtOf(subjectKey: string, periodKey: string): Date | null;
  /** The rules as set at each level (null: nothing set there), for the pages that edit them. */
  own: { item(subjectKey: string): DueRule | null; plan(planId: number): DueRule | null; province: DueRule | null };
}

const keptChecks = catalogueCache<DueRulesCheck>();

/**
 * The due rules as they stand. Every level lives in a table the catalogue's stamp watches (plans,
 * indicators, tasks, province_settings), so the check is built once (a handful of small reads) and
 * kept in the catalogue cache until a rule changes, from this process or another: a chat turn or a
 * read-model call pays only the stamp, which it reads for its other cached parts anyway.
 */
export async function dueRulesCheck(db: Db): Promise<DueRulesCheck> {
  return await keptChecks(db, "all", async () => {
    const province = await provinceDueRule(db);
    const byPlan = await planDueRules(db);
    const own = await itemOwnDueRules(db);
    // Which plan an item is in matters only for plans with a rule of their own (most have none).
    const withRule = [...byPlan].filter(([, r]) => r.dueDay !== null || r.yearlyDueDay !== null).map(([id]) => id);
    const planOf = withRule.length ? await subjectPlans(db, withRule) : new Map<string, number>();
    return checkOf(province, byPlan, own, planOf);
  });
}

function checkOf(province: DueRule | null, byPlan: Map<number, DueRule>, own: Map<string, DueRule>, planOf: Map<string, number>): DueRulesCheck {
  // One object per distinct rule set, so callers' memos (periods per frequency and rules) stay small.
  const shared = new Map<string, PeriodRules>();
  const intern = (r: ResolvedPeriodRules): ResolvedPeriodRules => {
    const key = periodRulesKey(r.rules);
    let rules = shared.get(key);
    if (!rules) shared.set(key, (rules = r.rules));
    return { rules, from: r.from };
  };
  const memo = new Map<string, ResolvedPeriodRules>();
  const resolved = (subjectKey: string): ResolvedPeriodRules => {
    let hit = memo.get(subjectKey);
    if (!hit) {
      const planId = planOf.get(subjectKey);
      memo.set(subjectKey, (hit = intern(resolvePeriodRules(own.get(subjectKey), planId === undefined ? null : byPlan.get(planId), province))));
    }
    return hit;
  };
  return {
    of: (subjectKey) => resolved(subjectKey).rules,
    resolved,
    ofPlan: (planId) => intern(resolvePeriodRules(null, byPlan.get(planId), province)),
    ofProvince: () => intern(resolvePeriodRules(null, null, province)),
    dueAtOf: (subjectKey, periodKey) => dueAtOfPeriodKey(periodKey, resolved(subjectKey).rules),
    own: { item: (subjectKey) => own.get(subjectKey) ?? null, plan: (planId) => byPlan.get(planId) ?? null, province },
  };
}

/** Why a due-rule change was refused; the CLI and the console word it. */
export class DueRuleError extends Error {
  override name = "DueRuleError";
  constructor(
    readonly reason: "no_plan" | "no_item" | "bad_rule",
    readonly value: string,
  ) {
    super(`${reason}: ${value}`);
  }
}

/** Where a rule is set: the province, a plan, or the items of a plan with one code. */
export type DueRuleScope = { level: "province" } | { level: "plan"; plan: string } | { level: "item"; plan: string; code: string };

/** Sets (or clears) a due rule at one level. Audited; the reminders' kept plan sees the change (its stamps). */
export async function setDueRule(db: Db, scope: DueRuleScope, change: DueRuleChange, actor: SetupActor, now: Date): Promise<{ plan: string | null; items: number }> {
  const patch: DueRulePatch = {};
  if (change.due !== undefined) Object.assign(patch, { dueDay: change.due?.day ?? null, dueHour: change.due?.hour ?? null });
  if (change.yearly !== undefined) Object.assign(patch, { yearlyDueDay: change.yearly?.day ?? null, yearlyDueMonth: change.yearly?.month ?? null });
  if (!isValidDueRule({ ...noDueRule, ...patch } as DueRule)) throw new DueRuleError("bad_rule", JSON.stringify(patch));
  const details = { ...patch, ...(scope.level === "item" ? { code: scope.code } : {}) };
  if (scope.level === "province") {
    await inTransaction(db, async () => {
      await setProvinceDueRuleRow(db, patch, now);
      await writeAudit(db, { at: now, actorPersonId: actor.personId, actor: actor.name, action: "province.due_rule", entity: "province", entityId: "1", details });
    });
    return { plan: null, items: 0 };
  }
  const plan = await findPlan(db, scope.plan);
  if (!plan) throw new DueRuleError("no_plan", scope.plan);
  const name = plan.number || plan.key;
  return await inTransaction(db, async () => {
    let items = 0;
    if (scope.level === "plan") await setPlanDueRuleRow(db, plan.id, patch, now);
    else if ((items = await setItemDueRuleRows(db, plan.id, scope.code, patch, now)) === 0) throw new DueRuleError("no_item", scope.code);
    await writeAudit(db, { at: now, actorPersonId: actor.personId, actor: actor.name, action: `${scope.level}.due_rule`, entity: "plan", entityId: String(plan.id), details });
    return { plan: name, items };
  });
}
