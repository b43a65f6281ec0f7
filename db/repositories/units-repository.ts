import { and, eq, inArray } from "drizzle-orm";
import type { Db } from "../client.ts";
import { rawArrays } from "./raw-sql.ts";
import { unitAliases, units } from "../schema.ts";
import type { UnitKind } from "../../src/domain/types.ts";

export type UnitRow = typeof units.$inferSelect;

/** A unit by the key of its canonical name or of any alias. */
export async function findUnitByKey(db: Db, key: string): Promise<UnitRow | undefined> {
  const direct = await db.select().from(units).where(eq(units.key, key)).get();
  if (direct) return direct;
  const alias = await db.select({ unitId: unitAliases.unitId }).from(unitAliases).where(eq(unitAliases.key, key)).get();
  return alias ? await db.select().from(units).where(eq(units.id, alias.unitId)).get() : undefined;
}

export async function findUnitById(db: Db, id: number): Promise<UnitRow | undefined> {
  return await db.select().from(units).where(eq(units.id, id)).get();
}

export async function insertUnit(db: Db, unit: { name: string; key: string; kind: UnitKind; parentId?: number | null }): Promise<UnitRow> {
  return await db
    .insert(units)
    .values({ name: unit.name, key: unit.key, kind: unit.kind, parentId: unit.parentId ?? null })
    .returning()
    .get();
}

export async function addUnitAlias(db: Db, unitId: number, alias: string, key: string): Promise<void> {
  await db.insert(unitAliases).values({ unitId, alias, key }).onConflictDoNothing().run();
}

export async function listUnits(db: Db): Promise<UnitRow[]> {
  return await db.select().from(units).orderBy(units.kind, units.name).all();
}

export async function unitsOfKinds(db: Db, kinds: UnitKind[]): Promise<UnitRow[]> {
  if (kinds.length === 0) return [];
  return await db.select().from(units).where(inArray(units.kind, kinds)).all();
}

/** The unit and every unit below it in the tree. */
export async function unitSubtreeIds(db: Db, rootId: number): Promise<number[]> {
  const rows = await rawArrays<[number]>(db, `with recursive tree(id) as (select cast(:rootId as integer) union all select u.id from units u join tree t on u.parent_id = t.id) select id from tree`, { rootId });
  return rows.map(([id]) => Number(id));
}

export async function setUnitParent(db: Db, unitId: number, parentId: number | null): Promise<void> {
  await db.update(units).set({ parentId }).where(and(eq(units.id, unitId))).run();
}

export async function renameUnitRow(db: Db, unitId: number, values: { name: string; key: string }): Promise<UnitRow> {
  return await db.update(units).set(values).where(eq(units.id, unitId)).returning().get();
}

/** The unit whose own key or one of whose aliases is this key, if any: a key names one unit only. */
export async function unitHoldingKey(db: Db, key: string): Promise<UnitRow | undefined> {
  return await findUnitByKey(db, key);
}
