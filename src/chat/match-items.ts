import { searchKey } from "../domain/search-key.ts";
import type { ItemRef, ItemSummary } from "./context.ts";

export function sameRef(a: ItemRef, b: ItemRef): boolean {
  return a.subjectType === b.subjectType && a.subjectId === b.subjectId && a.unitId === b.unitId;
}

export function findItem<T extends { ref: ItemRef }>(items: readonly T[], ref: ItemRef): T | undefined {
  return items.find((i) => sameRef(i.ref, ref));
}

/**
 * The person's items a few typed words point at: "#3" (the third in their list), a code ("1.1",
 * "II.1", "chỉ tiêu 3"), or words of the name ("phủ sóng 5G", "phu song 5g"), diacritics ignored.
 */
export function matchItems<T extends ItemSummary>(items: readonly T[], hint: string): T[] {
  // Before searchKey, which takes "#" for punctuation.
  const hash = /^#\s*(\d{1,3})$/.exec(hint.trim());
  if (hash) {
    const item = items[Number(hash[1]) - 1];
    return item ? [item] : [];
  }
  const key = searchKey(hint)
    .replace(/^(chi tieu|nhiem vu|indicator|task|so|ct)\s+/, "")
    .replace(/[:=]+$/, "")
    .trim();
  if (!key) return [];
  const codeKey = compactCode(key);
  const index = indexOf(items);
  const byCode = index.byCode.get(codeKey);
  if (byCode) return byCode.map((n) => items[n]!);
  if (/^\d{1,3}$/.test(codeKey)) {
    const item = items[Number(codeKey) - 1];
    return item ? [item] : [];
  }
  const words = key.split(/\s+/).filter((w) => w.length > 0);
  // A word shorter than three letters must be a whole word of the name ("5g", "so"): looked up.
  // A longer one may be part of a word ("phu" in "phuong"): searched for, among what is left.
  let hits: readonly number[] | undefined;
  for (const w of words) if (w.length < 3) hits = intersect(hits, index.byWord.get(w) ?? []);
  const long = words.filter((w) => w.length >= 3);
  const candidates = hits ?? items.map((_, n) => n);
  return candidates.filter((n) => long.every((w) => index.nameKeys[n]!.includes(w))).map((n) => items[n]!);
}

/** What matchItems looks items up by: their positions by code key and by whole word of the name. */
interface ListIndex {
  byCode: Map<string, number[]>;
  byWord: Map<string, number[]>;
  nameKeys: string[];
}

/**
 * A list's index, worked out once per list: the host hands out the same frozen list of summaries
 * turn after turn until the catalogue changes, so a message costs a few lookups, not a searchKey
 * and a scan per item. A list made for one turn (not frozen) is simply indexed once more.
 */
const indexes = new WeakMap<readonly ItemSummary[], ListIndex>();

function indexOf(items: readonly ItemSummary[]): ListIndex {
  let index = indexes.get(items);
  if (!index) {
    index = { byCode: new Map(), byWord: new Map(), nameKeys: items.map((i) => i.nameKey) };
    items.forEach((item, n) => {
      push(index!.byCode, compactCode(searchKey(item.code)), n);
      for (const word of new Set(item.nameKey.split(" "))) push(index!.byWord, word, n);
    });
    if (Object.isFrozen(items)) indexes.set(items, index);
  }
  return index;
}

/** searchKey turns the dot of "II.5" into a space but keeps the one of "1.1" (not "11"): drop the spaces. */
function compactCode(key: string): string {
  return key.replace(/\s+/g, "").replace(/\.$/, "");
}

function push(map: Map<string, number[]>, key: string, n: number): void {
  const list = map.get(key);
  if (list) list.push(n);
  else map.set(key, [n]);
}

/** Positions in both lists (ascending, as built), or all of these when there is nothing yet. */
function intersect(soFar: readonly number[] | undefined, these: readonly number[]): readonly number[] {
  if (!soFar) return these;
  const keep = new Set(these);
  return soFar.filter((n) => keep.has(n));
}
