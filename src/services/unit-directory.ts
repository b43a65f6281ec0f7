import type { Db } from "../../db/client.ts";
import { addUnitAlias, findUnitByKey, insertUnit, unitsOfKinds, type UnitRow } from "../../db/repositories/units-repository.ts";
import { inferUnitKind } from "../domain/infer-unit-kind.ts";
import { parseUnitMentions } from "../domain/unit-name.ts";
import type { UnitKind } from "../domain/types.ts";

export interface ResolvedUnits {
  unitIds: number[];
  /** Units that did not exist and were created (only when createMissing). */
  created: UnitRow[];
  /** Generic groups that were expanded ("Các sở, ban, ngành, địa phương"). */
  groups: { label: string; kinds: UnitKind[]; unitCount: number }[];
  /** Names that matched no unit (when not creating) or groups that stand for no unit kind. */
  unresolved: string[];
}

/**
 * Turns the raw unit names of a catalogue cell into unit ids. A concrete name is matched by its
 * key or an alias; a generic group expands to every unit of its kinds.
 */
export async function resolveUnitNames(
  db: Db,
  rawNames: string[],
  opts: { createMissing: boolean; officeParentId?: number | null },
): Promise<ResolvedUnits> {
  const out: ResolvedUnits = { unitIds: [], created: [], groups: [], unresolved: [] };
  const seen = new Set<number>();
  const add = (id: number) => {
    if (!seen.has(id)) {
      seen.add(id);
      out.unitIds.push(id);
    }
  };
  for (const raw of rawNames) {
    for (const mention of parseUnitMentions(raw)) {
      if (mention.type === "group") {
        const members = await unitsOfKinds(db, mention.kinds);
        if (members.length === 0) out.unresolved.push(mention.raw);
        out.groups.push({ label: mention.label, kinds: mention.kinds, unitCount: members.length });
        members.forEach((u) => add(u.id));
        continue;
      }
      let unit = await findUnitByKey(db, mention.key);
      if (!unit && opts.createMissing) {
        const kind = inferUnitKind(mention.name);
        unit = await insertUnit(db, {
          name: mention.name,
          key: mention.key,
          kind,
          parentId: kind === "office" ? (opts.officeParentId ?? null) : null,
        });
        out.created.push(unit);
      }
      if (unit) {
        add(unit.id);
        if (mention.key !== unit.key) await addUnitAlias(db, unit.id, mention.raw, mention.key);
      } else {
        out.unresolved.push(mention.raw);
      }
    }
  }
  return out;
}

/** One unit from a name a person typed or a CSV holds; never creates. */
export async function findUnitByName(db: Db, name: string): Promise<UnitRow | undefined> {
  const mention = parseUnitMentions(name).find((m) => m.type === "unit");
  return mention && mention.type === "unit" ? await findUnitByKey(db, mention.key) : undefined;
}
