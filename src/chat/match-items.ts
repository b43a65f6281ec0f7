import { searchKey } from "../domain/search-key.ts";
import type { ItemRef, ItemView } from "./context.ts";

export function sameRef(a: ItemRef, b: ItemRef): boolean {
  return a.subjectType === b.subjectType && a.subjectId === b.subjectId && a.unitId === b.unitId;
}

export function findItem(items: ItemView[], ref: ItemRef): ItemView | undefined {
  return items.find((i) => sameRef(i.ref, ref));
}

/**
 * The person's items a few typed words point at: "#3" (the third in their list), a code ("1.1",
 * "II.1", "chỉ tiêu 3"), or words of the name ("phủ sóng 5G", "phu song 5g"), diacritics ignored.
 */
export function matchItems(items: ItemView[], hint: string): ItemView[] {
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
  const byCode = items.filter((i) => compactCode(searchKey(i.code)) === codeKey);
  if (byCode.length) return byCode;
  if (/^\d{1,3}$/.test(codeKey)) {
    const item = items[Number(codeKey) - 1];
    return item ? [item] : [];
  }
  const words = key.split(/\s+/).filter((w) => w.length > 0);
  const scored = items
    .map((i) => ({ i, hits: words.filter((w) => wordIn(i.nameKey, w)).length }))
    .filter((s) => s.hits === words.length);
  return scored.map((s) => s.i);
}

/** searchKey turns the dot of "II.5" into a space but keeps the one of "1.1" (not "11"): drop the spaces. */
function compactCode(key: string): string {
  return key.replace(/\s+/g, "").replace(/\.$/, "");
}

function wordIn(nameKey: string, word: string): boolean {
  return ` ${nameKey} `.includes(` ${word} `) || (word.length >= 3 && nameKey.includes(word));
}
