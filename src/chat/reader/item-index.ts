import { isLevelIndicator } from "../../domain/parse-reported-value.ts";
import { searchKey } from "../../domain/search-key.ts";
import { tokenizeMessage } from "../../domain/tokenize-message.ts";
import type { ItemSummary } from "../context.ts";
import abbreviations from "./abbreviations.json" with { type: "json" };

/** What the reader knows of one item of a person's list, worked out once per list. */
export interface IndexedItem {
  /** 1-based: the number the person sees next to the item in lists, pickers and digests. */
  number: number;
  /** Expanded name words ("KHCN" → "khoa hoc cong nghe"), in order. */
  words: string[];
  wordSet: Set<string>;
  /** Adjacent word pairs of the name, "phu song". */
  pairs: Set<string>;
  /** The code as compared: "ii.1", "6.1", "3", "pl2.3". */
  code: string;
  /** The plan's number ("52" of 52/KH-UBND), when it has one. */
  planNumber: string | null;
  /** The plan's name as compared ("kh danh gia kh cn dmst 2026"), for a hint by name ("kế hoạch đánh giá"). */
  planKey: string;
  /** A readiness level (TRL), reported as a number 1–9. */
  level: boolean;
  /** The name's words weighed by rarity among the list's names (log(1 + n/df) each), for weightedShare. */
  nameWeight: number;
}

export interface ItemIndex {
  items: IndexedItem[];
  /** Word → how many items' names have it. */
  documentFrequency: Map<string, number>;
  /** Adjacent pair ("san sang") → how many items' names have it. */
  pairFrequency: Map<string, number>;
  /** Every name word, for typo repair. */
  vocabulary: Set<string>;
  /** An item's number (1-based position in the person's list) by refKey. */
  numberOf: Map<string, number>;
}

/** "indicator:12:3": an ItemRef as a map key. */
export function refKey(ref: ItemSummary["ref"]): string {
  return `${ref.subjectType}:${ref.subjectId}:${ref.unitId}`;
}

// A Map, not the JSON object: a message word such as "constructor" must not find Object's own properties.
const table = new Map(Object.entries(abbreviations as Record<string, string>).filter(([k]) => !k.startsWith("_")));

/** A word and what it stands for: "cds" → ["chuyen", "doi", "so"]; "5g" → ["5g"]. */
export function expandWord(word: string): string[] {
  const expansion = table.get(word);
  return expansion ? expansion.split(" ") : [word];
}

/**
 * The list's index, kept while the list object lives: the host hands out the same frozen list
 * turn after turn until the catalogue changes, so a message costs lookups, not a tokenizing pass
 * over every name. A list made for one turn (not frozen) is indexed again.
 */
const indexes = new WeakMap<readonly ItemSummary[], ItemIndex>();

export function itemIndex(list: readonly ItemSummary[]): ItemIndex {
  let index = indexes.get(list);
  if (index) return index;
  const documentFrequency = new Map<string, number>();
  const pairFrequency = new Map<string, number>();
  const items = list.map((item, n): IndexedItem => {
    const words = nameWords(item.name);
    const wordSet = new Set(words);
    for (const w of wordSet) documentFrequency.set(w, (documentFrequency.get(w) ?? 0) + 1);
    const pairs = new Set<string>();
    for (let i = 1; i < words.length; i++) pairs.add(`${words[i - 1]} ${words[i]}`);
    for (const p of pairs) pairFrequency.set(p, (pairFrequency.get(p) ?? 0) + 1);
    return { number: n + 1, words, wordSet, pairs, code: codeKey(item.code), planNumber: planNumberOf(item.plan), planKey: ` ${searchKey(item.plan)} `, level: isLevelIndicator(item.name), nameWeight: 0 };
  });
  for (const x of items) for (const w of x.wordSet) x.nameWeight += Math.log(1 + items.length / documentFrequency.get(w)!);
  const numberOf = new Map(list.map((item, n) => [refKey(item.ref), n + 1] as const));
  index = { items, documentFrequency, pairFrequency, vocabulary: new Set(documentFrequency.keys()), numberOf };
  if (Object.isFrozen(list)) indexes.set(list, index);
  return index;
}

/** A name's words, abbreviations expanded; numbers kept as words ("10.000", "06"). */
export function nameWords(name: string): string[] {
  return tokenizeMessage(name).flatMap((t) => (t.kind === "word" ? expandWord(t.key) : t.kind === "number" || t.kind === "code" ? [t.key] : []));
}

/** "II.1" → "ii.1", "Chỉ tiêu 3" → "3", "1.1." → "1.1". */
export function codeKey(code: string): string {
  return code.trim().toLowerCase().replace(/\s+/g, "").replace(/\.$/, "");
}

/** "52/KH-UBND" → "52"; "KH triển khai QĐ 11/QĐ-BCĐCP" → "11"; a plan without a number → null. */
function planNumberOf(plan: string): string | null {
  const m = /(\d+)\s*\/\s*(?:KH|QĐ|QD)/i.exec(plan);
  return m ? m[1]! : null;
}
