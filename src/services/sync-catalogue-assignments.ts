import { importProblem } from "../importers/import-problem.ts";
import type { Db } from "../../db/client.ts";
import {
  catalogueAssignmentsOf,
  deleteAssignment,
  ensureAssignment,
  type Subject,
} from "../../db/repositories/assignments-repository.ts";
import type { AssignmentRole } from "../domain/assignment-role.ts";
import type { Frequency } from "../domain/frequency.ts";
import type { ImportedIndicator, ImportedTask, ImportProblem } from "../importers/types.ts";
import { resolveUnitNames } from "./unit-directory.ts";

export interface AssignmentSync {
  created: number;
  removed: number;
  unitsCreated: string[];
  problems: ImportProblem[];
}

type Saved<T> = { id: number; item: T; frequency: Frequency };

/**
 * Derives assignments from the catalogue: each unit named as lead, coordinating or monitoring gets
 * that role; generic groups expand to every unit of their kinds. Catalogue-derived rows that the
 * catalogue no longer implies are deleted; manual rows and removals are left as the coordinator set them.
 */
export async function syncCatalogueAssignments(
  db: Db,
  input: { indicators: Saved<ImportedIndicator>[]; tasks: Saved<ImportedTask>[]; officeParentId: number | null; now: Date },
): Promise<AssignmentSync> {
  const out: AssignmentSync = { created: 0, removed: 0, unitsCreated: [], problems: [] };
  const items: { subject: Subject; item: ImportedIndicator | ImportedTask; frequency: Frequency; cells: [AssignmentRole, string[]][] }[] = [
    ...input.indicators.map((s) => ({
      subject: { type: "indicator" as const, id: s.id },
      item: s.item,
      frequency: s.frequency,
      cells: [
        ["lead", s.item.lead],
        ["coordinating", s.item.coordinating],
        ["monitoring", s.item.monitoring],
      ] as [AssignmentRole, string[]][],
    })),
    ...input.tasks.map((s) => ({
      subject: { type: "task" as const, id: s.id },
      item: s.item,
      frequency: s.frequency,
      cells: [
        ["lead", s.item.lead],
        ["coordinating", s.item.coordinating],
      ] as [AssignmentRole, string[]][],
    })),
  ];
  // Every unit the catalogue names exists before any group is expanded: otherwise a group in an
  // early row misses a department first named further down, and the next import of the same file
  // would add those assignments.
  for (const { cells } of items) {
    for (const [, names] of cells) {
      const resolved = await resolveUnitNames(db, names, { createMissing: true, officeParentId: input.officeParentId });
      out.unitsCreated.push(...resolved.created.map((u) => u.name));
    }
  }
  for (const { subject, item, frequency, cells } of items) {
    const wanted = new Set<string>();
    for (const [role, names] of cells) {
      const resolved = await resolveUnitNames(db, names, { createMissing: false });
      for (const name of resolved.unresolved) {
        out.problems.push(importProblem({ line: item.line, severity: "review", code: "unassignable_unit_group", key: `unassignable_unit_group_${subject.type}`, params: { code: item.code, name, role }, text: name }));
      }
      for (const unitId of resolved.unitIds) {
        wanted.add(`${unitId}|${role}`);
        const { change } = await ensureAssignment(db, { subject, unitId, role, frequency, source: "catalogue", now: input.now });
        if (change === "created") out.created += 1;
      }
    }
    for (const row of await catalogueAssignmentsOf(db, subject)) {
      if (!wanted.has(`${row.unitId}|${row.role}`) && row.removedAt === null) {
        await deleteAssignment(db, row.id);
        out.removed += 1;
      }
    }
  }
  return out;
}
