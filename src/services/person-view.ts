import type { Db } from "../../db/client.ts";
import { findPersonById, rolesOf } from "../../db/repositories/people-repository.ts";
import { findUnitById } from "../../db/repositories/units-repository.ts";
import type { PersonView } from "../chat/context.ts";
import type { Locale } from "../i18n/translator.ts";

/** A person as the conversation core sees them: name, unit, roles, language. */
export function personView(db: Db, personId: number, defaultLocale: Locale): PersonView | null {
  const p = findPersonById(db, personId);
  if (!p) return null;
  return {
    id: p.id,
    name: p.name,
    unitId: p.unitId,
    unitName: p.unitId ? (findUnitById(db, p.unitId)?.name ?? null) : null,
    roles: rolesOf(db, p.id),
    locale: (p.locale as Locale | null) ?? defaultLocale,
  };
}
