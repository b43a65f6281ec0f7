import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { unitAliases, units } from "../schema.ts";
import type { UnitKind } from "../../src/domain/types.ts";

export type UnitRow = typeof units.$inferSelect;

/** A unit by the key of its canonical name or of any alias. */
export function findUnitByKey(db: Db, key: string): UnitRow | undefined {
  const direct = db.select().from(units).where(eq(units.key, key)).get();
  if (direct) return direct;
  const alias = db.select({ unitId: unitAliases.unitId }).from(unitAliases).where(eq(unitAliases.key, key)).get();
  return alias ? db.select().from(units).where(eq(units.id, alias.unitId)).get() : undefined;
}

export function findUnitById(db: Db, id: number): UnitRow | undefined {
  return db.select().from(units).where(eq(units.id, id)).get();
}

export function insertUnit(db: Db, unit: { name: string; key: string; kind: UnitKind; parentId?: number | null }): UnitRow {
  return db
    .insert(units)
    .values({ name: unit.name, key: unit.key, kind: unit.kind, parentId: unit.parentId ?? null })
    .returning()
    .get();
}

export function addUnitAlias(db: Db, unitId: number, alias: string, key: string): void {
  db.insert(unitAliases).values({ unitId, alias, key }).onConflictDoNothing().run();
}

export function listUnits(db: Db): UnitRow[] {
  return db.select().from(units).orderBy(units.kind, units.name).all();
}

export function unitsOfKinds(db: Db, kinds: UnitKind[]): UnitRow[] {
  if (kinds.length === 0) return [];
  return db.select().from(units).where(inArray(units.kind, kinds)).all();
}

/** The unit and every unit below it in the tree. */
export function unitSubtreeIds(db: Db, rootId: number): number[] {
  const rows = db.$client
    .prepare(
      `with recursive tree(id) as (select ? union all select u.id from units u join tree t on u.parent_id = t.id)
       select id from tree`,
    )
    .all(rootId) as { id: number }[];
  return rows.map((r) => r.id);
}

export function setUnitParent(db: Db, unitId: number, parentId: number | null): void {
  db.update(units).set({ parentId }).where(and(eq(units.id, unitId))).run();
}

export function renameUnitRow(db: Db, unitId: number, values: { name: string; key: string }): UnitRow {
  return db.update(units).set(values).where(eq(units.id, unitId)).returning().get();
}

/** The unit whose own key or one of whose aliases is this key, if any: a key names one unit only. */
export function unitHoldingKey(db: Db, key: string): UnitRow | undefined {
  return findUnitByKey(db, key);
}
