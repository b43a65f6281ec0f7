import { and, asc, eq, inArray, ne, notInArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { sameJsonValue } from "./raw-sql.ts";
import { indicators, plans, targets, tasks } from "../schema.ts";

export type PlanRow = typeof plans.$inferSelect;
export type IndicatorRow = typeof indicators.$inferSelect;
export type TargetRow = typeof targets.$inferSelect;
export type TaskRow = typeof tasks.$inferSelect;
export type IndicatorValues = Omit<typeof indicators.$inferInsert, "id" | "planId" | "createdAt" | "updatedAt">;
export type TaskValues = Omit<typeof tasks.$inferInsert, "id" | "planId" | "createdAt" | "updatedAt">;
export type TargetValues = { year: number; level: string; raw: string; parsed: unknown };

export type Change = "created" | "updated" | "unchanged";

export async function findPlanByKey(db: Db, key: string): Promise<PlanRow | undefined> {
  return await db.select().from(plans).where(eq(plans.key, key)).get();
}

export async function findPlanById(db: Db, id: number): Promise<PlanRow | undefined> {
  return await db.select().from(plans).where(eq(plans.id, id)).get();
}

export async function listPlans(db: Db): Promise<PlanRow[]> {
  return await db.select().from(plans).orderBy(asc(plans.id)).all();
}

export async function upsertPlan(
  db: Db,
  values: { key: string; number: string; date?: string | null; issuer?: string | null; title?: string | null; sourceFile?: string | null; format?: string | null; problems?: unknown[] },
  now: Date,
): Promise<{ plan: PlanRow; change: Change }> {
  const existing = await findPlanByKey(db, values.key);
  const row = {
    number: values.number,
    date: values.date ?? null,
    issuer: values.issuer ?? null,
    title: values.title ?? null,
    sourceFile: values.sourceFile ?? null,
    format: values.format ?? null,
    problems: values.problems ?? [],
  };
  if (!existing) {
    const plan = await db.insert(plans).values({ key: values.key, ...row }).returning().get();
    return { plan, change: "created" };
  }
  if (sameFields(existing, row)) return { plan: existing, change: "unchanged" };
  const plan = await db.update(plans).set({ ...row, updatedAt: now }).where(eq(plans.id, existing.id)).returning().get();
  return { plan, change: "updated" };
}

export async function upsertIndicator(db: Db, planId: number, values: IndicatorValues, targetValues: TargetValues[], now: Date): Promise<{ indicator: IndicatorRow; change: Change }> {
  const existing = await db.select().from(indicators).where(and(eq(indicators.planId, planId), eq(indicators.code, values.code))).get();
  let indicator: IndicatorRow;
  let change: Change;
  if (!existing) {
    indicator = await db.insert(indicators).values({ ...values, planId }).returning().get();
    change = "created";
  } else if (sameFields(existing, values)) {
    indicator = existing;
    change = "unchanged";
  } else {
    indicator = await db.update(indicators).set({ ...values, updatedAt: now }).where(eq(indicators.id, existing.id)).returning().get();
    change = "updated";
  }
  if (await replaceTargets(db, indicator.id, targetValues) && change === "unchanged") {
    await db.update(indicators).set({ updatedAt: now }).where(eq(indicators.id, indicator.id)).run();
    change = "updated";
  }
  return { indicator, change };
}

export async function upsertTask(db: Db, planId: number, values: TaskValues, now: Date): Promise<{ task: TaskRow; change: Change }> {
  const existing = await db.select().from(tasks).where(and(eq(tasks.planId, planId), eq(tasks.code, values.code))).get();
  if (!existing) return { task: await db.insert(tasks).values({ ...values, planId }).returning().get(), change: "created" };
  if (sameFields(existing, values)) return { task: existing, change: "unchanged" };
  return {
    task: await db.update(tasks).set({ ...values, updatedAt: now }).where(eq(tasks.id, existing.id)).returning().get(),
    change: "updated",
  };
}

/** Removes the plan's indicators and tasks that the new import no longer holds; returns their codes. */
export async function removeStaleItems(db: Db, planId: number, keepIndicatorCodes: string[], keepTaskCodes: string[]): Promise<{ indicators: string[]; tasks: string[] }> {
  const staleIndicators = await db
    .select({ id: indicators.id, code: indicators.code })
    .from(indicators)
    .where(and(eq(indicators.planId, planId), notInArray(indicators.code, keepIndicatorCodes.length ? keepIndicatorCodes : [""])))
    .all();
  const staleTasks = await db
    .select({ id: tasks.id, code: tasks.code })
    .from(tasks)
    .where(and(eq(tasks.planId, planId), notInArray(tasks.code, keepTaskCodes.length ? keepTaskCodes : [""])))
    .all();
  for (const row of staleIndicators) await db.delete(indicators).where(eq(indicators.id, row.id)).run();
  for (const row of staleTasks) await db.delete(tasks).where(eq(tasks.id, row.id)).run();
  return { indicators: staleIndicators.map((r) => r.code), tasks: staleTasks.map((r) => r.code) };
}

export async function planIndicators(db: Db, planId: number): Promise<IndicatorRow[]> {
  return await db.select().from(indicators).where(eq(indicators.planId, planId)).orderBy(asc(indicators.position)).all();
}

export async function planTasks(db: Db, planId: number): Promise<TaskRow[]> {
  return await db.select().from(tasks).where(eq(tasks.planId, planId)).orderBy(asc(tasks.position)).all();
}

export async function indicatorTargets(db: Db, indicatorId: number): Promise<TargetRow[]> {
  return await db.select().from(targets).where(eq(targets.indicatorId, indicatorId)).orderBy(asc(targets.year), asc(targets.level)).all();
}

/** A plan's indicator and task ids; with a code, only the items of that code. */
export async function itemIdsOfPlan(db: Db, planId: number, code?: string): Promise<{ indicatorIds: number[]; taskIds: number[] }> {
  return {
    indicatorIds: (await db
      .select({ id: indicators.id })
      .from(indicators)
      .where(and(eq(indicators.planId, planId), code ? eq(indicators.code, code) : undefined))
      .all())
      .map((r) => r.id),
    taskIds: (await db
      .select({ id: tasks.id })
      .from(tasks)
      .where(and(eq(tasks.planId, planId), code ? eq(tasks.code, code) : undefined))
      .all())
      .map((r) => r.id),
  };
}

export async function findIndicatorByCode(db: Db, planId: number, code: string): Promise<IndicatorRow | undefined> {
  return await db.select().from(indicators).where(and(eq(indicators.planId, planId), eq(indicators.code, code))).get();
}

export async function findTaskByCode(db: Db, planId: number, code: string): Promise<TaskRow | undefined> {
  return await db.select().from(tasks).where(and(eq(tasks.planId, planId), eq(tasks.code, code))).get();
}

export async function findIndicatorById(db: Db, id: number): Promise<IndicatorRow | undefined> {
  return await db.select().from(indicators).where(eq(indicators.id, id)).get();
}

export async function findTaskById(db: Db, id: number): Promise<TaskRow | undefined> {
  return await db.select().from(tasks).where(eq(tasks.id, id)).get();
}

/** The ids of the indicators that have at least one target. */
export async function indicatorIdsWithTargets(db: Db): Promise<Set<number>> {
  return new Set((await db.selectDistinct({ id: targets.indicatorId }).from(targets).all()).map((r) => r.id));
}

/** Every indicator of the other plans. */
export async function indicatorsOutsidePlan(db: Db, planId: number): Promise<IndicatorRow[]> {
  return await db.select().from(indicators).where(ne(indicators.planId, planId)).all();
}

/** Every task of the other plans. */
export async function tasksOutsidePlan(db: Db, planId: number): Promise<TaskRow[]> {
  return await db.select().from(tasks).where(ne(tasks.planId, planId)).all();
}

/** What an item list shows of these indicators. */
export async function indicatorDescriptions(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return await db
    .select({ id: indicators.id, nameKey: indicators.nameKey, valueKind: indicators.valueKind, unitOfMeasure: indicators.unitOfMeasure, dueAt: indicators.dueAt })
    .from(indicators)
    .where(inArray(indicators.id, ids))
    .all();
}

/** What an item list shows of these tasks. */
export async function taskDescriptions(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return await db.select({ id: tasks.id, nameKey: tasks.nameKey, dueAt: tasks.dueAt }).from(tasks).where(inArray(tasks.id, ids)).all();
}

/** The targets of these indicators, by indicator, year and level. */
export async function targetsOfIndicators(db: Db, ids: number[]) {
  if (ids.length === 0) return [];
  return await db
    .select({ indicatorId: targets.indicatorId, year: targets.year, raw: targets.raw, parsed: targets.parsed })
    .from(targets)
    .where(inArray(targets.indicatorId, ids))
    .orderBy(targets.indicatorId, targets.year, targets.level)
    .all();
}

/** Replaces an indicator's targets when they differ; true when something changed. */
async function replaceTargets(db: Db, indicatorId: number, next: TargetValues[]): Promise<boolean> {
  const current = (await indicatorTargets(db, indicatorId)).map((t) => ({ year: t.year, level: t.level, raw: t.raw, parsed: t.parsed }));
  const sortKey = (t: TargetValues) => `${t.year}|${t.level}`;
  const sorted = (list: TargetValues[]) => [...list].sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
  if (sameJsonValue(sorted(current), sorted(next))) return false;
  await db.delete(targets).where(eq(targets.indicatorId, indicatorId)).run();
  for (const t of next) await db.insert(targets).values({ indicatorId, ...t }).run();
  return true;
}

function sameFields(existing: Record<string, unknown>, next: Record<string, unknown>): boolean {
  return Object.entries(next).every(([k, v]) => sameJsonValue(existing[k] ?? null, v ?? null));
}
