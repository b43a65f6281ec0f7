import type { Db } from "../../db/client.ts";
import { findPersonById, rolesOf } from "../../db/repositories/people-repository.ts";
import { findUnitById } from "../../db/repositories/units-repository.ts";
import type { PersonView } from "../chat/context.ts";
import type { Locale } from "../i18n/translator.ts";
import { catalogueCache } from "./catalogue-cache.ts";

const cached = catalogueCache<PersonView | null>();

/**
 * A person as the conversation core sees them: name, unit, roles, language. Read on every turn and
 * made only of people, units and roles, so it is kept until one of those changes (catalogueCache);
 * frozen, because the turns until then share it.
 */
export async function personView(db: Db, personId: number, defaultLocale: Locale): Promise<PersonView | null> {
  return await cached(db, `${personId}:${defaultLocale}`, async () => {
    const p = await findPersonById(db, personId);
    if (!p) return null;
    return Object.freeze({
      id: p.id,
      name: p.name,
      unitId: p.unitId,
      unitName: p.unitId ? ((await findUnitById(db, p.unitId))?.name ?? null) : null,
      roles: Object.freeze(await rolesOf(db, p.id)),
      locale: (p.locale as Locale | null) ?? defaultLocale,
    });
  });
}
