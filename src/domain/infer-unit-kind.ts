import type { UnitKind } from "./types.ts";
import { searchKey } from "./search-key.ts";

/**
 * Guesses the kind of a unit from its name, for units a plan names that the organisation tree
 * does not hold yet. The coordinator can correct it later; the guess only decides which generic
 * groups ("Các sở, ban, ngành") the unit falls into.
 */
export function inferUnitKind(name: string): UnitKind {
  const key = searchKey(name);
  if (/^(ubnd |uy ban nhan dan )?(cac )?(xa|phuong|thi tran)\b/.test(key) || /^ubnd (xa|phuong|thi tran) /.test(key)) return "commune";
  if (/^phong\b/.test(key)) return "office";
  if (/^so\b/.test(key) || /^ban\b/.test(key)) return "department";
  if (/\b(doanh nghiep|hiep hoi|hop tac xa|lien minh htx|lmhtx|hhdn)\b/.test(key)) return "enterprise_group";
  return "agency";
}
