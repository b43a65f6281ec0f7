/** An assigned or reported item: an indicator or a task of a plan. */
export type SubjectType = "indicator" | "task";

/**
 * The one key of an item, whichever its kind: "i:<indicator id>" or "t:<task id>". Assignments,
 * reports, snoozes and reminder deliveries store it, so one unique index covers both kinds.
 */
export function subjectKey(type: SubjectType, id: number): string {
  return `${type === "indicator" ? "i" : "t"}:${id}`;
}

/** The item a subject key names; undefined for anything else. */
export function parseSubjectKey(key: string): { type: SubjectType; id: number } | undefined {
  const m = /^([it]):(\d+)$/.exec(key);
  return m ? { type: m[1] === "i" ? "indicator" : "task", id: Number(m[2]) } : undefined;
}

/** The prefix every key of one kind starts with ("i:" or "t:"), for a LIKE on the stored keys. */
export function subjectKeyPrefix(type: SubjectType): string {
  return type === "indicator" ? "i:" : "t:";
}
