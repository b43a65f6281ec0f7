import { inTransaction, type Db } from "../../db/client.ts";
import { addUnitAlias, insertUnit, renameUnitRow, setUnitParent, unitHoldingKey, unitSubtreeIds, type UnitRow } from "../../db/repositories/units-repository.ts";
import { inferUnitKind } from "../domain/infer-unit-kind.ts";
import { unitKinds, type UnitKind } from "../domain/types.ts";
import { canonicalUnitName, unitKey } from "../domain/unit-name.ts";
import { assignNewUnitsToGroups } from "./assign-new-units-to-groups.ts";
import { findUnitByName } from "./unit-directory.ts";

/** Why a change to the organisation tree was refused; the CLI (and later the console) words it. */
export class UnitChangeError extends Error {
  override name = "UnitChangeError";
  constructor(
    readonly reason: "exists" | "no_unit" | "no_parent" | "bad_kind" | "name_taken" | "cycle",
    readonly value: string,
  ) {
    super(`${reason}: ${value}`);
  }
}

/**
 * Adds a unit (a commune the plans do not name, a new department). Its kind is given or guessed
 * from its name; it joins the generic groups of the plans already stored ("UBND các xã, phường"),
 * as a unit a plan names for the first time does, so its people have items to report at once.
 */
export function addUnit(db: Db, input: { name: string; parent?: string; kind?: string }, now: Date): { unit: UnitRow; assignments: number } {
  const name = canonicalUnitName(input.name.trim());
  const key = unitKey(name);
  const existing = unitHoldingKey(db, key);
  if (existing) throw new UnitChangeError("exists", existing.name);
  if (input.kind !== undefined && !(unitKinds as readonly string[]).includes(input.kind)) throw new UnitChangeError("bad_kind", input.kind);
  const parent = input.parent === undefined ? undefined : findUnitByName(db, input.parent);
  if (input.parent !== undefined && !parent) throw new UnitChangeError("no_parent", input.parent);
  return inTransaction(db, () => {
    const unit = insertUnit(db, { name, key, kind: (input.kind as UnitKind | undefined) ?? inferUnitKind(name), parentId: parent?.id ?? null });
    return { unit, assignments: assignNewUnitsToGroups(db, [unit], { exceptPlanId: -1, now }) };
  });
}

/** Renames a unit; the old name stays as an alias, so plans and lists that still use it find the unit. */
export function renameUnit(db: Db, from: string, to: string): { unit: UnitRow; previous: string } {
  const unit = findUnitByName(db, from);
  if (!unit) throw new UnitChangeError("no_unit", from);
  const name = canonicalUnitName(to.trim());
  const key = unitKey(name);
  const holder = unitHoldingKey(db, key);
  if (holder && holder.id !== unit.id) throw new UnitChangeError("name_taken", holder.name);
  return inTransaction(db, () => {
    addUnitAlias(db, unit.id, unit.name, unit.key);
    return { unit: renameUnitRow(db, unit.id, { name, key }), previous: unit.name };
  });
}

/** Another name for a unit (an abbreviation, an old name, a spelling a plan uses). */
export function addUnitAliasByName(db: Db, name: string, alias: string): UnitRow {
  const unit = findUnitByName(db, name);
  if (!unit) throw new UnitChangeError("no_unit", name);
  const key = unitKey(canonicalUnitName(alias.trim()));
  const holder = unitHoldingKey(db, key);
  if (holder && holder.id !== unit.id) throw new UnitChangeError("name_taken", holder.name);
  addUnitAlias(db, unit.id, alias.trim(), key);
  return unit;
}

/** Puts a unit under another (or at the top with no parent); refuses to put it under itself or its own subtree. */
export function moveUnit(db: Db, name: string, parentName: string | undefined): { unit: UnitRow; parent: UnitRow | undefined } {
  const unit = findUnitByName(db, name);
  if (!unit) throw new UnitChangeError("no_unit", name);
  const parent = parentName === undefined ? undefined : findUnitByName(db, parentName);
  if (parentName !== undefined && !parent) throw new UnitChangeError("no_parent", parentName);
  if (parent && unitSubtreeIds(db, unit.id).includes(parent.id)) throw new UnitChangeError("cycle", parent.name);
  setUnitParent(db, unit.id, parent?.id ?? null);
  return { unit, parent };
}
