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
export async function addUnit(db: Db, input: { name: string; parent?: string; kind?: string }, now: Date): Promise<{ unit: UnitRow; assignments: number }> {
  const name = canonicalUnitName(input.name.trim());
  const key = unitKey(name);
  const existing = await unitHoldingKey(db, key);
  if (existing) throw new UnitChangeError("exists", existing.name);
  if (input.kind !== undefined && !(unitKinds as readonly string[]).includes(input.kind)) throw new UnitChangeError("bad_kind", input.kind);
  const parent = input.parent === undefined ? undefined : await findUnitByName(db, input.parent);
  if (input.parent !== undefined && !parent) throw new UnitChangeError("no_parent", input.parent);
  return await inTransaction(db, async () => {
    const unit = await insertUnit(db, { name, key, kind: (input.kind as UnitKind | undefined) ?? inferUnitKind(name), parentId: parent?.id ?? null });
    return { unit, assignments: await assignNewUnitsToGroups(db, [unit], { exceptPlanId: -1, now }) };
  });
}

/** Renames a unit; the old name stays as an alias, so plans and lists that still use it find the unit. */
export async function renameUnit(db: Db, from: string, to: string): Promise<{ unit: UnitRow; previous: string }> {
  const unit = await findUnitByName(db, from);
  if (!unit) throw new UnitChangeError("no_unit", from);
  const name = canonicalUnitName(to.trim());
  const key = unitKey(name);
  const holder = await unitHoldingKey(db, key);
  if (holder && holder.id !== unit.id) throw new UnitChangeError("name_taken", holder.name);
  return await inTransaction(db, async () => {
    await addUnitAlias(db, unit.id, unit.name, unit.key);
    return { unit: await renameUnitRow(db, unit.id, { name, key }), previous: unit.name };
  });
}

/** Another name for a unit (an abbreviation, an old name, a spelling a plan uses). */
export async function addUnitAliasByName(db: Db, name: string, alias: string): Promise<UnitRow> {
  const unit = await findUnitByName(db, name);
  if (!unit) throw new UnitChangeError("no_unit", name);
  const key = unitKey(canonicalUnitName(alias.trim()));
  const holder = await unitHoldingKey(db, key);
  if (holder && holder.id !== unit.id) throw new UnitChangeError("name_taken", holder.name);
  await addUnitAlias(db, unit.id, alias.trim(), key);
  return unit;
}

/** Puts a unit under another (or at the top with no parent); refuses to put it under itself or its own subtree. */
export async function moveUnit(db: Db, name: string, parentName: string | undefined): Promise<{ unit: UnitRow; parent: UnitRow | undefined }> {
  const unit = await findUnitByName(db, name);
  if (!unit) throw new UnitChangeError("no_unit", name);
  const parent = parentName === undefined ? undefined : await findUnitByName(db, parentName);
  if (parentName !== undefined && !parent) throw new UnitChangeError("no_parent", parentName);
  if (parent && (await unitSubtreeIds(db, unit.id)).includes(parent.id)) throw new UnitChangeError("cycle", parent.name);
  await setUnitParent(db, unit.id, parent?.id ?? null);
  return { unit, parent };
}
