import { and, eq, isNotNull, or } from "drizzle-orm";
import type { Db } from "../client.ts";
import { indicators, plans, provinceSettings, tasks } from "../schema.ts";
import type { DueRule } from "../../src/domain/due-rules.ts";
import { subjectKey } from "../../src/domain/subject-key.ts";

/**
 * The due rules as stored (src/domain/due-rules.ts): the province's, each plan's, and the items'
 * that have one of their own. A handful of small reads, whatever the size of the catalogue: items
 * without a rule of their own are not read.
 */

const ruleColumns = <T extends typeof plans | typeof indicators | typeof tasks | typeof provinceSettings>(t: T) => ({
  dueDay: t.dueDay,
  dueHour: t.dueHour,
  yearlyDueDay: t.yearlyDueDay,
  yearlyDueMonth: t.yearlyDueMonth,
});

const hasOwn = (t: typeof indicators | typeof tasks) => or(isNotNull(t.dueDay), isNotNull(t.yearlyDueDay));

/** The province's rule (every part null when it has none). */
export async function provinceDueRule(db: Db): Promise<DueRule | null> {
  return (await db.select(ruleColumns(provinceSettings)).from(provinceSettings).where(eq(provinceSettings.id, 1)).get()) ?? null;
}

/** Every plan's own rule (parts null where it has none), by plan id. */
export async function planDueRules(db: Db): Promise<Map<number, DueRule>> {
  const rows = await db.select({ id: plans.id, ...ruleColumns(plans) }).from(plans).all();
  return new Map(rows.map(({ id, ...rule }) => [id, rule]));
}

/** The items that have a rule of their own, with it, by subject key ("i:12", "t:5"). */
export async function itemOwnDueRules(db: Db): Promise<Map<string, DueRule>> {
  const own = new Map<string, DueRule>();
  for (const { id, ...rule } of await db.select({ id: indicators.id, ...ruleColumns(indicators) }).from(indicators).where(hasOwn(indicators)).all()) own.set(subjectKey("indicator", id), rule);
  for (const { id, ...rule } of await db.select({ id: tasks.id, ...ruleColumns(tasks) }).from(tasks).where(hasOwn(tasks)).all()) own.set(subjectKey("task", id), rule);
  return own;
}

/** What to write: a pair set (numbers) or cleared (nulls); a pair left out is kept. */
export type DueRulePatch = Partial<DueRule>;

export async function setPlanDueRuleRow(db: Db, planId: number, patch: DueRulePatch, now: Date): Promise<void> {
  await db.update(plans).set({ ...patch, updatedAt: now }).where(eq(plans.id, planId)).run();
}

/** Sets the rule of the plan's items with this code (an indicator and a task may share one): how many. */
export async function setItemDueRuleRows(db: Db, planId: number, code: string, patch: DueRulePatch, now: Date): Promise<number> {
  const a = await db.update(indicators).set({ ...patch, updatedAt: now }).where(and(eq(indicators.planId, planId), eq(indicators.code, code))).returning({ id: indicators.id }).all();
  const b = await db.update(tasks).set({ ...patch, updatedAt: now }).where(and(eq(tasks.planId, planId), eq(tasks.code, code))).returning({ id: tasks.id }).all();
  return a.length + b.length;
}

export async function setProvinceDueRuleRow(db: Db, patch: DueRulePatch, now: Date): Promise<void> {
  await db.insert(provinceSettings).values({ id: 1, ...patch, updatedAt: now }).onConflictDoUpdate({ target: provinceSettings.id, set: { ...patch, updatedAt: now } }).run();
}
