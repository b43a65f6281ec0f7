/** What a person may do: report for their unit, see their unit's state, run the province's plan, administer. */
export const roles = ["focal_point", "unit_head", "coordinator", "admin"] as const;
export type Role = (typeof roles)[number];
