import type { FoundFigure } from "../../domain/find-figures.ts";
import { hostileCharacters } from "../../domain/read-typed-number.ts";
import { figureValue, isLevelIndicator, type ReportedValue, type ReportedValueError } from "../../domain/parse-reported-value.ts";
import type { ItemSummary } from "../context.ts";
import { itemIndex, refKey, type IndexedItem, type ItemIndex } from "./item-index.ts";
import type { PeriodHint } from "./read-period.ts";
import { splitMessage, type MessageParts } from "./split-message.ts";
import { STOP_WORDS } from "../../domain/figure-words.ts";

/** An item the reader weighed, with its score (0–1 of the message's words found in its name, plus small bonuses). */
export interface Considered<T> {
  item: T;
  number: number;
  score: number;
  /** The message's words found in the name. */
  matched?: string[];
  /** How much of the name those words are (a short name the message says most of ranks first among equals). */
  nameShare?: number;
  /** The same, each name word weighed by its rarity: "số lượng" unsaid costs little, "trích dẫn" much. */
  weightedShare?: number;
  /** The weight of the words found: rare words weigh more ("5G" ~4.5, "tỷ lệ" ~2.5 together). */
  evidence?: number;
  /** Whether a found word is rare among the person's items (in at most a tenth of them, or three). */
  distinctive?: boolean;
}

/**
 * What a one-line message means, decided once for the chat and for `cli parse`:
 * - report: one item, clearly ahead of the others, and a figure it takes; the chat asks to confirm;
 * - ask_item: the figure is clear but the item is not: offer these (2–4, best first);
 * - bad_value: the item is clear but the figure is not one to save (an estimate, a range, a unit of
 *   another kind, "1,500"…): say why, with an example, and wait for the figure;
 * - several_figures: two figures in one message: ask for one at a time, never save one of them;
 * - unknown_code: a code (or list number) the person does not have: never replaced by a position;
 * - none: not a report (no figure, or no words of any item).
 */
export type Reading<T extends ItemSummary> =
  | { kind: "report"; item: T; number: number; value: Extract<ReportedValue, { ok: true }>; figure: string; period?: PeriodHint; considered: Considered<T>[]; why: string[] }
  | { kind: "ask_item"; candidates: Considered<T>[]; figure: string; period?: PeriodHint; why: string[] }
  | { kind: "bad_value"; item: T; number: number; error: ReportedValueError; figure: string; period?: PeriodHint; considered: Considered<T>[]; why: string[] }
  | { kind: "several_figures"; figures: string[]; candidates: Considered<T>[]; why: string[] }
  | { kind: "unknown_code"; code: string; figure: string; why: string[] }
  | { kind: "refused"; error: ReportedValueError; why: string[] }
  | { kind: "none"; why: string[] };

/** How far ahead the best item must be, and how much of the message it must explain, to act without asking. */
const MIN_COVERAGE = 0.72;
const MIN_LEAD = 0.12;
/** A word of no item's name counts this much against every item (a rare name word counts ~4). */
const UNKNOWN_WORD_WEIGHT = 0.8;
const MAX_CHOICES = 4;
/** The least weight of found words to act on: one rare word, or several common ones. */
const MIN_EVIDENCE = 3;
/**
 * Among items that match the same words, the best wins only when the message says most of its
 * name, weighed by rarity (what is left unsaid are common words: "số lượng", "tỷ lệ"), and clearly
 * more of it than of the other's: "doanh nghiệp khởi nghiệp sáng tạo" is "Số doanh nghiệp khởi
 * nghiệp sáng tạo", not "Tăng số doanh nghiệp khởi nghiệp sáng tạo (startups) trong các lĩnh vực
 * …"; "sáng kiến" is neither "Số lượng sáng kiến cấp tỉnh" nor "Số sáng kiến trong khu vực công".
 */
const MIN_WEIGHTED_SHARE = 0.6;
/** What a word must weigh (about one in five of the person's items has it, or fewer) to tell two items apart. */
const MIN_TELLING_WEIGHT = 1.5;
const MIN_SHARE_LEAD = 0.1;

export function readReport<T extends ItemSummary>(text: string, list: readonly T[]): Reading<T> {
  const index = itemIndex(list);
  // "①②" and a right-to-left override would be read as other digits than the ones shown: refused before anything.
  const hostile = hostileCharacters(text);
  if (hostile && /[\p{N}]/u.test(text)) return { kind: "refused", error: hostile, why: [`figure refused: ${hostile}`] };
  const parts = splitMessage(text, index);
  const why: string[] = [];
  if (parts.repairs.length) why.push(`typos repaired: ${parts.repairs.join(", ")}`);
  if (parts.period) why.push(`period named: "${parts.period.text}"`);
  if (parts.figures.length === 0) return { kind: "none", why: [...why, "no figure in the message"] };
  const indicators = index.items.filter((x) => list[x.number - 1]!.ref.subjectType === "indicator");
  const figure = parts.figures[parts.figures.length - 1]!;
  const figureText = figureLabel(figure);
  if (parts.figures.some((f) => f.oddNeighbour)) return { kind: "refused", error: "not_a_number", why: [...why, "markup or an operator beside the figure"] };

  if (parts.figures.length > 1) {
    const candidates = rank(parts, indicators, index, list).slice(0, MAX_CHOICES);
    return { kind: "several_figures", figures: parts.figures.map(figureLabel), candidates, why: [...why, `${parts.figures.length} figures in one message: one at a time`] };
  }

  let pool = indicators;
  if (parts.code !== undefined || parts.listNumber !== undefined) {
    pool = byCode(parts, indicators, list);
    const label = parts.listNumber !== undefined ? `#${parts.listNumber}` : parts.code!;
    if (pool.length === 0) return { kind: "unknown_code", code: label, figure: figureText, why: [...why, `no item of this person has the code or number ${label}${parts.planNumber || parts.planWords ? ` in plan ${parts.planNumber ?? parts.planWords!.trim()}` : ""}`] };
    why.push(`code ${label}${parts.planNumber || parts.planWords ? ` (plan ${parts.planNumber ?? parts.planWords!.trim()})` : ""}: ${pool.length} item(s)`);
    if (pool.length > 1 && parts.words.length === 0) {
      return { kind: "ask_item", candidates: pool.slice(0, MAX_CHOICES).map((x) => ({ item: list[x.number - 1]!, number: x.number, score: 0 })), figure: figureText, ...periodOf(parts), why: [...why, "the code is in several plans: which one?"] };
    }
  } else if (parts.words.length === 0) {
    return { kind: "none", why: [...why, "a figure but no words naming an item"] };
  } else if (parts.planNumber !== undefined || parts.planWords !== undefined) {
    pool = inNamedPlan(parts, indicators, list);
    const plan = parts.planNumber ?? parts.planWords!.trim();
    if (pool.length === 0) return { kind: "none", why: [...why, `no item of this person is in plan ${plan}`] };
    why.push(`plan ${plan}: ${pool.length} item(s)`);
  }

  const fitting = pool.filter((x) => fits(figure, list[x.number - 1]!, x.level));
  if (fitting.length > 0 && fitting.length < pool.length) why.push(`the figure's unit leaves ${fitting.length} of ${pool.length} items`);
  // One ranking of the whole pool (an item's score does not depend on the others), then the items the unit fits.
  const all = rank(parts, pool, index, list);
  const fitSet = new Set(fitting.map((x) => x.number));
  const ranked = fitting.length > 0 && fitting.length < pool.length ? all.filter((c) => fitSet.has(c.number)) : all;
  if (fitting.length > 0 && fitting.length < pool.length) {
    // "số cán bộ nghiên cứu … 100% kế hoạch": when the words name an item the unit does not fit better
    // than any that it fits, the unit is what is wrong — ask, never fall back on a weaker item.
    const top = all[0];
    if (top && top.score > (ranked[0]?.score ?? 0) + 0.05 && !fitSet.has(top.number)) {
      return { kind: "ask_item", candidates: all.filter((c) => c.score > 0 && c.score >= top.score - 0.3).slice(0, MAX_CHOICES), figure: figureText, ...periodOf(parts), why: [...why, `the words name #${top.number} ${top.item.code} better, whose unit does not fit "${figureText}"`] };
    }
  }
  const best = ranked[0];
  const second = ranked[1];
  const coded = parts.code !== undefined || parts.listNumber !== undefined;
  const clear = best !== undefined && (coded ? pool.length === 1 || (best.score >= 0.5 && aheadOfOthers(best, ranked, index)) : best.score >= MIN_COVERAGE && aheadOfOthers(best, ranked, index));
  if (!best || !clear) {
    const near = ranked.filter((c) => c.score > 0 && (!best || c.score >= best.score - 0.3)).slice(0, MAX_CHOICES);
    if (near.length === 0) return { kind: "none", why: [...why, `no item's name has the words "${parts.words.join(" ")}"`] };
    const reason = !best || best.score < (coded ? 0.5 : MIN_COVERAGE) ? `the best match explains ${pct(best?.score ?? 0)} of the words` : `the best two are close (${pct(best.score)} vs ${pct(second?.score ?? 0)})`;
    return { kind: "ask_item", candidates: near, figure: figureText, ...periodOf(parts), why: [...why, reason] };
  }
  why.push(`best ${pct(best.score)}${second ? `, next ${pct(second.score)}` : ""}`);
  const value = figureValue(figure, isLevelIndicator(best.item.name) ? "level" : best.item.valueKind, { name: best.item.name, unitOfMeasure: best.item.unitOfMeasure });
  const considered = ranked.slice(0, MAX_CHOICES);
  if (!value.ok) return { kind: "bad_value", item: best.item, number: best.number, error: value.error, figure: figureText, ...periodOf(parts), considered, why: [...why, `figure "${figureText}": ${value.error}`] };
  return { kind: "report", item: best.item, number: best.number, value, figure: figureText, ...periodOf(parts), considered, why };
}

/**
 * The items a few words without a figure name ("phủ sóng 5G", "II.5", "chỉ tiêu 3 KH 52"), among
 * `among` (default: every item): the one clearly ahead, or the close ones to choose from.
 */
export function findNamedItems<T extends ItemSummary>(text: string, list: readonly T[], among?: readonly T[]): { clear?: Considered<T>; candidates: Considered<T>[] } {
  const index = itemIndex(list);
  const parts = splitMessage(text, index);
  const allowed = among ? new Set(among.map((i) => index.numberOf.get(refKey(i.ref)))) : undefined;
  let pool = index.items.filter((x) => !allowed || allowed.has(x.number));
  // "II.5" alone is a code; so is "1.2" — as a message at a picker it is no figure.
  const lone = parts.figures.length === 1 && parts.words.length === 0 && parts.code === undefined && parts.listNumber === undefined ? parts.figures[0] : undefined;
  if (lone && /^\d{1,2}(\.\d{1,2})+$/.test(lone.number) && !lone.percent) parts.code = lone.number;
  if (parts.code !== undefined || parts.listNumber !== undefined) {
    pool = byCode(parts, pool, list);
    if (pool.length === 1) return { clear: { item: list[pool[0]!.number - 1]!, number: pool[0]!.number, score: 1 }, candidates: [] };
    if (parts.words.length === 0) return { candidates: pool.map((x) => ({ item: list[x.number - 1]!, number: x.number, score: 0 })) };
  }
  if (parts.words.length === 0) return { candidates: [] };
  const ranked = rank(parts, pool, index, list).filter((c) => c.score > 0);
  const best = ranked[0];
  const second = ranked[1];
  void second;
  if (best && best.score >= MIN_COVERAGE && aheadOfOthers(best, ranked, index)) return { clear: best, candidates: ranked.slice(0, MAX_CHOICES) };
  return { candidates: best ? ranked.filter((c) => c.score >= best.score - 0.3).slice(0, 8) : [] };
}

/**
 * The best is clearly ahead when every close one (within MIN_LEAD) found only some of the words the
 * best found — and what it missed weighs at least a rare word ("cấp xã" tells 7 from 8; "số" tells
 * nothing) — or the same words in a name that is the best's plus more, not being one of its
 * sub-rows ("hồ sơ công việc … xử lý trên môi trường điện tử" is item 5, not the "văn bản, hồ sơ …
 * toàn trình" of 6; "văn bản … toàn trình" may be 6, 6.1 or 6.2), or the same
 * words in a name the message says much less of ("bài báo quốc tế": "Số lượng bài báo khoa học
 * quốc tế", not "Số lượt trích dẫn trung bình của bài báo … quốc tế").
 */
function aheadOfOthers<T>(best: Considered<T>, ranked: readonly Considered<T>[], index: ItemIndex): boolean {
  const n = index.items.length;
  const weight = (w: string) => Math.log(1 + n / (index.documentFrequency.get(w) ?? n));
  // Words many items share ("tỷ lệ", "số lượng") name none of them; a word only one item has is
  // enough in a short list (its weight is then below MIN_EVIDENCE).
  if ((best.evidence ?? 0) < Math.min(MIN_EVIDENCE, Math.log(1 + n)) || !best.distinctive) return false;
  const mine = new Set(best.matched ?? []);
  const telling = Math.min(MIN_TELLING_WEIGHT, Math.log(1 + n) / 2);
  for (const other of ranked) {
    if (other === best || best.score - other.score >= MIN_LEAD) continue;
    const theirs = new Set(other.matched ?? []);
    if ([...theirs].some((w) => !mine.has(w))) return false;
    const missed = [...mine].filter((w) => !theirs.has(w)).reduce((sum, w) => sum + weight(w), 0);
    if (missed >= telling) continue;
    // The same words, as far as they tell: the best wins if the other is the best's name and more.
    const bestName = index.items[best.number - 1]!.wordSet;
    const otherName = index.items[other.number - 1]!.wordSet;
    const onlyBest = [...bestName].filter((w) => !otherName.has(w)).reduce((sum, w) => sum + weight(w), 0);
    // Not over its own sub-rows, though: "6" is the parent of "6.1 (Cấp tỉnh)" and "6.2 (Cấp xã)", and a message
    // that does not say which level may mean any of them.
    const subRow = index.items[other.number - 1]!.code.startsWith(`${index.items[best.number - 1]!.code}.`);
    if (onlyBest < telling && otherName.size > bestName.size && !subRow) continue;
    if ((best.weightedShare ?? 0) < MIN_WEIGHTED_SHARE || (best.weightedShare ?? 0) - (other.weightedShare ?? 0) < MIN_SHARE_LEAD) return false;
  }
  return true;
}

/** Items with the typed code ("1.2" also finds "I.2"), in the named plan; "#3" is the item numbered 3, and an item coded 3 too. */
function byCode(parts: MessageParts, items: IndexedItem[], list: readonly ItemSummary[]): IndexedItem[] {
  const out = new Set<IndexedItem>();
  if (parts.listNumber !== undefined) {
    // "#3" is what the lists, pickers and confirmations show next to an item: its number, never a code.
    const numbered = items.find((x) => x.number === parts.listNumber);
    if (numbered) out.add(numbered);
  }
  if (parts.code !== undefined) {
    const forms = codeForms(parts.code);
    for (const x of items) if (forms.has(x.code)) out.add(x);
  }
  let found = [...out];
  return inNamedPlan(parts, found, list);
}

/** The items in the plan the message names ("KH 52", "kế hoạch đánh giá"), or all of them when it names none. */
function inNamedPlan(parts: MessageParts, items: IndexedItem[], list: readonly ItemSummary[]): IndexedItem[] {
  let found = items;
  if (parts.planNumber !== undefined) found = found.filter((x) => x.planNumber === parts.planNumber || list[x.number - 1]!.plan.includes(parts.planNumber!));
  if (parts.planWords !== undefined) found = found.filter((x) => x.planKey.includes(parts.planWords!));
  return found;
}

/** "1.2" ↔ "i.2", "3.1" ↔ "iii.1": plans number sections in Roman numerals, people in Arabic. */
function codeForms(code: string): Set<string> {
  const forms = new Set([code]);
  const arabic = /^(\d{1,2})((?:\.\d+)+)$/.exec(code);
  if (arabic) forms.add(`${toRoman(Number(arabic[1]))}${arabic[2]}`);
  const roman = /^([ivx]+)((?:\.\d+)+)$/.exec(code);
  if (roman && fromRoman(roman[1]!)) forms.add(`${fromRoman(roman[1]!)}${roman[2]}`);
  return forms;
}

const ROMANS = ["", "i", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x"];
function toRoman(n: number): string {
  return ROMANS[n] ?? String(n);
}
function fromRoman(r: string): number | undefined {
  const n = ROMANS.indexOf(r);
  return n > 0 ? n : undefined;
}

/** Whether the figure's unit suits the item: "%" a percentage, "tỷ" money, "người" a count. */
function fits(f: FoundFigure, item: ItemSummary, level: boolean): boolean {
  if (f.percent) return item.valueKind === "percent";
  if (f.dongPerUnit !== undefined) return item.valueKind === "money";
  if (f.countWords.length > 0) return item.valueKind === "count" || item.valueKind === "score";
  if (f.outOf !== undefined || f.rankWord) return item.valueKind === "rank";
  if (f.levelWord) return level;
  return item.valueKind !== "text" || level;
}

/** The items by how well the message's words name them, best first. */
function rank<T extends ItemSummary>(parts: Pick<MessageParts, "words" | "optional">, pool: IndexedItem[], index: ItemIndex, list: readonly T[]): Considered<T>[] {
  const words = parts.words;
  const optional = new Set(parts.optional);
  const unique = [...new Set(words)];
  const n = index.items.length;
  const weights = new Map(
    unique.map((w) => {
      const df = index.documentFrequency.get(w);
      return [w, df ? Math.log(1 + n / df) : STOP_WORDS.has(w) ? 0 : UNKNOWN_WORD_WEIGHT] as const;
    }),
  );
  const weight = (w: string) => weights.get(w)!;
  // Optional words ("trên địa bàn tỉnh") add to an item that has them, and take from none.
  const total = unique.reduce((s, w) => s + (optional.has(w) ? 0 : weight(w)), 0);
  // The message's word pairs and their rarity, once per message rather than once per item.
  const pairList: { pair: string; rare: boolean }[] = [];
  for (let i = 1; i < words.length; i++) {
    const pair = `${words[i - 1]} ${words[i]}`;
    // Words stripped of their marks may be common ("san" of "sản", "sang" of "sáng") where the pair is rare ("sẵn sàng").
    pairList.push({ pair, rare: (index.pairFrequency.get(pair) ?? n) <= Math.max(3, n / 10) });
  }
  const idf = (w: string) => Math.log(1 + n / (index.documentFrequency.get(w) ?? n));
  const scored = pool.map((x) => {
    if (total === 0) return { item: list[x.number - 1]!, number: x.number, score: 0 };
    let found = 0;
    let hits = 0;
    const matched: string[] = [];
    let distinctive = false;
    let optionalHits = 0;
    for (const w of unique) {
      if (optional.has(w)) {
        if (x.wordSet.has(w)) optionalHits++;
        continue;
      }
      if (x.wordSet.has(w)) {
        found += weight(w);
        hits++;
        matched.push(w);
        if ((index.documentFrequency.get(w) ?? n) <= Math.max(3, n / 10)) distinctive = true;
      }
    }
    // An item none of whose words were said scores nothing: no pairs to look for.
    if (hits === 0) return { item: list[x.number - 1]!, number: x.number, score: 0, matched, nameShare: 0, weightedShare: 0, evidence: 0, distinctive: false };
    let pairs = 0;
    for (const p of pairList) {
      if (!x.pairs.has(p.pair)) continue;
      pairs++;
      if (p.rare) distinctive = true;
    }
    const coverage = found / total;
    // Small tie-breakers: the words in the name's order, and a name the message says more of ("cấp tỉnh" over the parent row).
    // Optional words that the name has ("trên địa bàn tỉnh") are one more small tie-breaker.
    const score = coverage === 0 ? 0 : coverage + Math.min(0.12, pairs * 0.04) + 0.04 * (hits / x.wordSet.size) + (optional.size > 0 ? 0.04 * (optionalHits / optional.size) : 0);
    let said = 0;
    for (const w of matched) said += idf(w);
    const weightedShare = x.nameWeight > 0 ? said / x.nameWeight : 0;
    return { item: list[x.number - 1]!, number: x.number, score: Math.round(score * 1000) / 1000, matched, nameShare: hits / x.wordSet.size, weightedShare, evidence: found, distinctive };
  });
  return scored.sort((a, b) => b.score - a.score || a.number - b.number);
}

function figureLabel(f: FoundFigure): string {
  return `${f.approximate ? "khoảng " : ""}${f.sign === "-" ? "-" : ""}${f.number}${f.outOf ? `/${f.outOf}` : ""}${f.rangeTo ? `–${f.rangeTo}` : ""}${f.percent ? "%" : ""}${f.dongPerUnit === 1e9 ? " tỷ" : f.dongPerUnit === 1e6 ? " triệu" : f.dongPerUnit === 1e3 ? " nghìn" : f.dongPerUnit === 1 ? " đồng" : ""}${f.moreMoney ? ` ${f.moreMoney.number}${f.moreMoney.dongPerUnit === 1e6 ? " triệu" : f.moreMoney.dongPerUnit === 1e3 ? " nghìn" : ""}` : ""}`;
}

function periodOf(parts: MessageParts): { period?: PeriodHint } {
  return parts.period ? { period: parts.period } : {};
}

function pct(x: number): string {
  return `${Math.round(x * 100)}%`;
}

