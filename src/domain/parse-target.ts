import { cleanCellText } from "./clean-cell-text.ts";
import { searchKey, stripDiacritics } from "./search-key.ts";
import type { Direction, Target } from "./types.ts";
import { parseVnNumber } from "./vn-number.ts";

/**
 * Reads a target cell ("Mục tiêu năm 2026", "Kết quả", a horizon column) into its meaning.
 * The raw text is always kept; anything we cannot read becomes qualitative rather than an error,
 * because a plan may legitimately set a target in words ("Có ứng dụng").
 *
 * Rules decided here:
 * - A bare number or percentage ("100%", "01", "3") means "reach at least this": the plans write
 *   "100%" for "everyone" and "01" for "one centre", never "exactly". The exception is a bare 0
 *   ("0 sự cố"), which only makes sense as "at most 0".
 * - "trên", "hơn", ">" are strict (more than); "tối thiểu", "ít nhất", "≥", "... trở lên" are not.
 *   "dưới", "<" are strict; "tối đa", "không quá", "≤", "... trở xuống" are not. "=" is exact.
 * - "2-3%", "50 - 60", "từ 50 đến 60": a range; it is a percentage when either end has "%".
 * - "20/34": rank 20 out of 34 (lower is better).
 * - "Nhóm 15 tỉnh đứng đầu", "Top 10", "hạng 20": qualitative with topN, so a reported rank can
 *   still be checked against it although the number of provinces is not written.
 */
export function parseTarget(raw: string): Target {
  const text = cleanCellText(raw);
  const plain = stripDiacritics(text)
    .toLowerCase()
    .replace(/\s*phan tram$/, "%")
    .replace(/^(?:muc tieu|phan dau|dat muc|dat)(?:\s*:\s*|\s+)(?:(?:phan dau|dat muc|dat)\s+)?/, "");

  const rank = /^(?:xep\s+)?(?:hang|thu)?\s*(\d{1,3})\s*\/\s*(\d{1,3})$/.exec(plain);
  if (rank) {
    const place = Number(rank[1]);
    const outOf = Number(rank[2]);
    if (place >= 1 && place <= outOf) return { kind: "rank", raw, rank: place, outOf };
  }

  const topN = TOP_GROUP.exec(searchKey(text)) ?? /^(?:xep\s+)?hang\s+(\d{1,3})$/.exec(plain);
  if (topN) return { kind: "qualitative", raw, text, topN: Number(topN[1]) };

  const range = /^(?:tu\s+)?(.+?)\s*(?:-|–|—|~|\bden\b|\btoi\b)\s*(.+)$/.exec(plain);
  if (range) {
    const low = parseVnNumber(range[1] ?? "");
    const high = parseVnNumber(range[2] ?? "");
    if (low.ok && high.ok && !low.comparator && !high.comparator) {
      return {
        kind: "range",
        raw,
        min: Math.min(low.value, high.value),
        max: Math.max(low.value, high.value),
        percent: low.percent || high.percent,
      };
    }
  }

  const worded = readWordedComparator(plain);
  const n = parseVnNumber(worded.rest);
  if (!n.ok || (worded.kind && n.comparator)) return { kind: "qualitative", raw, text };

  if (worded.kind === "at_least") return { kind: "at_least", raw, value: n.value, percent: n.percent, strict: worded.strict };
  if (worded.kind === "at_most") return { kind: "at_most", raw, value: n.value, percent: n.percent, strict: worded.strict };
  switch (n.comparator) {
    case ">=":
      return { kind: "at_least", raw, value: n.value, percent: n.percent, strict: false };
    case ">":
      return { kind: "at_least", raw, value: n.value, percent: n.percent, strict: true };
    case "<=":
      return { kind: "at_most", raw, value: n.value, percent: n.percent, strict: false };
    case "<":
      return { kind: "at_most", raw, value: n.value, percent: n.percent, strict: true };
    case "=":
      return { kind: "exact", raw, value: n.value, percent: n.percent };
    case undefined:
      return n.value === 0
        ? { kind: "at_most", raw, value: 0, percent: n.percent, strict: false }
        : { kind: "at_least", raw, value: n.value, percent: n.percent, strict: false };
  }
}

/** Which way is better for a target; "Nhóm 15 tỉnh đứng đầu" is a rank, so lower is better. */
export function targetDirection(t: Target): Direction {
  switch (t.kind) {
    case "at_least":
      return "higher";
    case "at_most":
    case "rank":
      return "lower";
    case "range":
      return "range";
    case "exact":
      return "exact";
    case "qualitative":
      return t.topN === undefined ? "none" : "lower";
  }
}

const TOP_GROUP =
  /^(?:thuoc |nam trong |vao )?(?:nhom|top|top dau) (\d{1,3})(?: (?:tinh thanh pho|tinh thanh|tinh|dia phuong))?(?: (?:dung dau|dan dau|hang dau|cao nhat|tot nhat))?(?: ca nuoc)?$/;

type WordedComparator = { kind?: "at_least" | "at_most"; strict: boolean; rest: string };

/** Longest phrases first: "không vượt quá" must win over a shorter match. */
const WORDED_PREFIXES: [string, "at_least" | "at_most", boolean][] = [
  ["khong vuot qua", "at_most", false],
  ["khong thap hon", "at_least", false],
  ["khong it hon", "at_least", false],
  ["khong duoi", "at_least", false],
  ["khong cao hon", "at_most", false],
  ["khong lon hon", "at_most", false],
  ["khong nhieu hon", "at_most", false],
  ["khong qua", "at_most", false],
  ["toi thieu", "at_least", false],
  ["it nhat", "at_least", false],
  ["lon hon", "at_least", true],
  ["cao hon", "at_least", true],
  ["nhieu hon", "at_least", true],
  ["tren", "at_least", true],
  ["hon", "at_least", true],
  ["toi da", "at_most", false],
  ["nho hon", "at_most", true],
  ["thap hon", "at_most", true],
  ["it hon", "at_most", true],
  ["duoi", "at_most", true],
];

function readWordedComparator(plain: string): WordedComparator {
  const suffix = /^(?:tu\s+)?(.+?)\s+tro\s+(len|xuong)$/.exec(plain);
  if (suffix) return { kind: suffix[2] === "len" ? "at_least" : "at_most", strict: false, rest: suffix[1] ?? "" };
  for (const [words, kind, strict] of WORDED_PREFIXES) {
    if (plain.startsWith(`${words} `) || (plain.startsWith(words) && /^\d/.test(plain.slice(words.length)))) {
      return { kind, strict, rest: plain.slice(words.length).trim() };
    }
  }
  return { strict: false, rest: plain };
}
