import { inTransaction, type Db } from "../../db/client.ts";
import {
  activeReportingAssignments,
  ensureAssignment,
  findAssignment,
  markAssignmentRemoved,
  type Subject,
} from "../../db/repositories/assignments-repository.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { findIndicatorByCode, findPlanByKey, findTaskByCode, listPlans, type PlanRow } from "../../db/repositories/catalogue-repository.ts";
import { findPersonById, findPersonByPhone, rolesOf } from "../../db/repositories/people-repository.ts";
import { findUnitById } from "../../db/repositories/units-repository.ts";
import type { AssignmentRole } from "../domain/assignment-role.ts";
import type { Frequency } from "../domain/frequency.ts";
import { phoneNumber } from "../domain/phone-number.ts";
import { searchKey } from "../domain/search-key.ts";
import { findUnitByName } from "./unit-directory.ts";
import type { Message } from "../chat/types.ts";
import { createTranslator, type Translator } from "../i18n/translator.ts";

/**
 * A request naming a plan, item, unit or person that is not there. Given as a message (cli.assign.error.*), it is
 * worded in the reader's language by whoever shows it (the CLI's say); `message` is its English sentence, for logs.
 */
export class AssignmentError extends Error {
  override name = "AssignmentError";
  readonly reason: Message | undefined;
  constructor(reason: string | Message) {
    english ??= createTranslator("en");
    super(typeof reason === "string" ? reason : english.t("en", reason));
    this.reason = typeof reason === "string" ? undefined : reason;
  }
}

let english: Translator | undefined;
const why = (key: string, params: Record<string, string | number> = {}): Message => ({ key: `cli.assign.error.${key}`, params });

/** A deactivated unit is not a new assignment target (src/domain/reporting-duty.ts); the CLI and console word it. */
export class DeactivatedUnitError extends AssignmentError {
  override name = "DeactivatedUnitError";
  constructor(readonly unitName: string) {
    super(`${unitName} is deactivated; reactivate it before giving it items.`);
  }
}

export interface AssignmentRequest {
  plan: string;
  code: string;
  kind?: "indicator" | "task";
  unit: string;
  role: AssignmentRole;
  frequency?: Frequency;
  person?: string;
  actor: string;
  now: Date;
}

/** A coordinator's own assignment: survives re-imports, and revives one that was removed. */
export async function addAssignment(db: Db, req: AssignmentRequest) {
  const { subject, unitId, personId } = await resolveRequest(db, req);
  const unit = await findUnitById(db, unitId);
  if (unit?.deactivatedAt) throw new DeactivatedUnitError(unit.name);
  return await inTransaction(db, async () => {
    const { row, change } = await ensureAssignment(db, {
      subject,
      unitId,
      role: req.role,
      frequency: req.frequency ?? (await findAssignment(db, subject, unitId, req.role))?.frequency ?? "monthly",
      source: "manual",
      now: req.now,
      ...(personId !== undefined ? { focalPersonId: personId } : {}),
    });
    await writeAudit(db, { at: req.now, actor: req.actor, action: "assignment.add", entity: "assignment", entityId: String(row.id), details: { plan: req.plan, code: req.code, unit: req.unit, role: req.role } });
    return { id: row.id, change };
  });
}

/** Removes an assignment by leaving a tombstone, so that re-importing the catalogue does not bring it back. */
export async function removeAssignment(db: Db, req: Omit<AssignmentRequest, "frequency" | "person">) {
  const { subject, unitId } = await resolveRequest(db, req);
  const existing = await findAssignment(db, subject, unitId, req.role);
  if (!existing || existing.removedAt) throw new AssignmentError(why("no_assignment", { unit: req.unit, role: req.role, code: req.code }));
  await inTransaction(db, async () => {
    await markAssignmentRemoved(db, existing.id, req.now);
    await writeAudit(db, { at: req.now, actor: req.actor, action: "assignment.remove", entity: "assignment", entityId: String(existing.id), details: { plan: req.plan, code: req.code, unit: req.unit, role: req.role } });
  });
  return { id: existing.id };
}

export interface AssignedItem {
  assignmentId: number;
  subjectType: "indicator" | "task";
  subjectId: number;
  plan: string;
  code: string;
  name: string;
  role: AssignmentRole;
  frequency: Frequency;
  unit: string;
  unitId: number;
}

/**
 * What a focal point reports: the active lead/coordinating/implementing assignments of their unit,
 * except those pinned to another focal person.
 */
export async function itemsAssignedToPerson(db: Db, personId: number): Promise<AssignedItem[]> {
  const person = await findPersonById(db, personId);
  if (!person?.unitId || !(await rolesOf(db, personId)).includes("focal_point")) return [];
  return assignedItems(db, [person.unitId], personId);
}

export async function itemsAssignedToUnits(db: Db, unitIds: number[]): Promise<AssignedItem[]> {
  return await assignedItems(db, unitIds);
}

async function assignedItems(db: Db, unitIds: number[], personId?: number): Promise<AssignedItem[]> {
  const rows = await activeReportingAssignments(db, unitIds, personId);
  // A unit named as lead and also inside a coordinating group reports the item once, as lead.
  const strength: Record<AssignmentRole, number> = { lead: 0, coordinating: 1, implementing: 2, monitoring: 3 };
  const best = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const key = `${r.a.subjectKey}|${r.a.unitId}`;
    const seen = best.get(key);
    if (!seen || strength[r.a.role] < strength[seen.a.role]) best.set(key, r);
  }
  return rows.filter((r) => best.get(`${r.a.subjectKey}|${r.a.unitId}`) === r).map((r) => ({
    assignmentId: r.a.id,
    subjectType: r.a.indicatorId !== null ? "indicator" : "task",
    subjectId: (r.a.indicatorId ?? r.a.taskId) as number,
    plan: r.planNumber || r.planKey,
    code: (r.iCode ?? r.tCode) as string,
    name: (r.iName ?? r.tName) as string,
    role: r.a.role,
    frequency: r.a.frequency,
    unit: r.unitName,
    unitId: r.a.unitId,
  }));
}

export async function findPlan(db: Db, plan: string): Promise<PlanRow> {
  const byKey = await findPlanByKey(db, searchKey(plan).replace(/\s+/g, "")) ?? await findPlanByKey(db, plan);
  if (byKey) return byKey;
  const matches = (await listPlans(db)).filter((p) => p.number === plan || searchKey(p.number).includes(searchKey(plan)));
  if (matches.length === 1 && matches[0]) return matches[0];
  const known = (await listPlans(db)).map((p) => p.number || p.key).join(", ");
  throw new AssignmentError(matches.length > 1 ? why("several_plans", { plan, known }) : known ? why("no_plan", { plan, known }) : why("no_plans", { plan }));
}

export async function findPerson(db: Db, ref: string) {
  const phone = phoneNumber(ref);
  const person = (phone && await findPersonByPhone(db, phone)) || (/^\d{1,6}$/.test(ref) ? await findPersonById(db, Number(ref)) : undefined);
  if (!person) throw new AssignmentError(why("no_person", { ref }));
  return person;
}

async function resolveRequest(db: Db, req: Pick<AssignmentRequest, "plan" | "code" | "kind" | "unit" | "person">): Promise<{ subject: Subject; unitId: number; personId?: number | null }> {
  const plan = await findPlan(db, req.plan);
  const indicator = req.kind === "task" ? undefined : await findIndicatorByCode(db, plan.id, req.code);
  const task = req.kind === "indicator" ? undefined : await findTaskByCode(db, plan.id, req.code);
  if (indicator && task) throw new AssignmentError(why("both_kinds", { code: req.code, plan: plan.number || plan.key }));
  const subject: Subject | undefined = indicator ? { type: "indicator", id: indicator.id } : task ? { type: "task", id: task.id } : undefined;
  if (!subject) throw new AssignmentError(why("no_item", { plan: plan.number || plan.key, code: req.code }));
  const unit = await findUnitByName(db, req.unit);
  if (!unit) throw new AssignmentError(why("no_unit", { unit: req.unit }));
  if (req.person === undefined) return { subject, unitId: unit.id };
  const person = await findPerson(db, req.person);
  if (person.unitId !== unit.id) throw new AssignmentError(why("other_unit", { person: person.name, unit: unit.name }));
  return { subject, unitId: unit.id, personId: person.id };
}
