/** A unit's part in an item, as the plan names it (lead, coordinating, monitoring) or a coordinator adds it (implementing). */
export const assignmentRoles = ["lead", "coordinating", "implementing", "monitoring"] as const;
export type AssignmentRole = (typeof assignmentRoles)[number];
