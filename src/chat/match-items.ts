import type { ItemRef } from "./context.ts";

export function sameRef(a: ItemRef, b: ItemRef): boolean {
  return a.subjectType === b.subjectType && a.subjectId === b.subjectId && a.unitId === b.unitId;
}

/** The item with this ref among these (words and codes are read by src/chat/reader, not here). */
export function findItem<T extends { ref: ItemRef }>(items: readonly T[], ref: ItemRef): T | undefined {
  return items.find((i) => sameRef(i.ref, ref));
}
