import type { Role } from "./roles.ts";
import { searchKey } from "./search-key.ts";

const roleWords: [Role, string[]][] = [
  ["focal_point", ["focal point", "focal_point", "focal", "dau moi", "can bo dau moi", "cbdm", "focal points"]],
  ["unit_head", ["unit head", "unit_head", "head", "thu truong", "lanh dao", "truong don vi", "giam doc", "chu tich", "lanh dao don vi", "unit heads"]],
  ["coordinator", ["coordinator", "dieu phoi", "tong hop", "dau moi tong hop", "can bo dieu phoi", "coordinators"]],
  ["admin", ["admin", "quan tri", "administrator", "administrators"]],
];

/** The roles named in a cell such as "đầu mối; lãnh đạo" or "focal_point". Unknown words come back apart. */
export function parseRoles(raw: string): { roles: Role[]; unknown: string[] } {
  const roles: Role[] = [];
  const unknown: string[] = [];
  for (const part of raw.split(/[;,/|+]/)) {
    const key = searchKey(part).replace(/_/g, " ");
    if (!key) continue;
    const found = roleWords.find(([, words]) => words.some((w) => key === w.replace(/_/g, " ")));
    if (found) {
      if (!roles.includes(found[0])) roles.push(found[0]);
    } else unknown.push(part.trim());
  }
  return { roles, unknown };
}
