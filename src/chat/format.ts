import type { Locale } from "../i18n/translator.ts";
import { toVnParts } from "../domain/vn-time.ts";
import type { ValueKind } from "../domain/types.ts";
import type { TaskStatus } from "../domain/task-status.ts";
import type { ReportView } from "./context.ts";
import type { Message } from "./types.ts";
import { cleanCellText } from "../domain/clean-cell-text.ts";
import { DEFAULT_MONEY_UNIT } from "../domain/figure-words.ts";

/** Numbers as the reader writes them: "1.500", "72,5" in Vietnamese; "1,500", "72.5" in English. */
export function formatNumber(value: number, locale: Locale): string {
  return (locale === "vi" ? viNumbers : enNumbers).format(value);
}

// Built once: a formatter is immutable, and making one costs far more than formatting a number with it.
const viNumbers = new Intl.NumberFormat("vi-VN", { maximumFractionDigits: 4 });
const enNumbers = new Intl.NumberFormat("en-US", { maximumFractionDigits: 4 });

/** "16:00 25/12" in Asia/Ho_Chi_Minh; the year is added when it is not the current one. */
export function formatDue(instant: Date, now: Date): string {
  const p = toVnParts(instant);
  const sameYear = toVnParts(now).year === p.year;
  const hhmm = `${String(p.hour).padStart(2, "0")}:${String(p.minute).padStart(2, "0")}`;
  return `${hhmm} ${String(p.day).padStart(2, "0")}/${String(p.month).padStart(2, "0")}${sameYear ? "" : `/${p.year}`}`;
}

export function formatValue(v: { valueNumber: number | null; valueText: string | null }, kind: ValueKind, unitOfMeasure: string | null, locale: Locale): string {
  if (v.valueNumber === null) return v.valueText ?? "";
  const n = formatNumber(v.valueNumber, locale);
  if (kind === "percent") return `${n}%`;
  if (kind === "rank") return `#${n}`;
  // Money typed as "45,6 tỷ" is stored in the indicator's unit, triệu đồng when it names none: the figure says which.
  if (kind === "money" && !unitOfMeasure) return `${n} ${DEFAULT_MONEY_UNIT}`;
  return unitOfMeasure && unitOfMeasure !== "%" ? `${n} ${unitOfMeasure}` : n;
}

export function formatReport(r: ReportView, kind: ValueKind, unitOfMeasure: string | null, locale: Locale, statusLabel: (s: TaskStatus) => string): string {
  if (r.taskStatus) return statusLabel(r.taskStatus);
  return formatValue(r, kind, unitOfMeasure, locale);
}

/** Long names cut for a button or a list line, on a word boundary, never inside an emoji's surrogate pair. */
export function shorten(text: string, max: number): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max - 1).replace(/[\uD800-\uDBFF]$/, "");
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

/**
 * An item's name for a button, beside siblings that start with the same words ("Tỷ lệ cán bộ, công
 * chức, viên chức cấp xã…" / "…được đào tạo…"): the shared opening is cut to its first two words
 * and "…", so what fits in `max` characters is what tells the items apart.
 */
export function distinctName(name: string, siblings: readonly string[], max: number): string {
  const words = name.split(/\s+/);
  const keys = words.map(wordKey);
  let shared = 0;
  for (const other of siblings) {
    if (other === name) continue;
    const o = other.split(/\s+/).map(wordKey);
    let k = 0;
    while (k < keys.length - 1 && k < o.length && keys[k] === o[k]) k++;
    shared = Math.max(shared, k);
  }
  if (shared < 3 || name.length <= max) return shorten(name, max);
  return shorten(`${words.slice(0, 2).join(" ")} … ${words.slice(shared).join(" ")}`, max);
}

function wordKey(word: string): string {
  return word.toLowerCase().replace(/[.,;:()]/g, "");
}

/** A period key as people say it: "11/2026", "Quý IV/2026", "6 tháng đầu năm 2026", "một lần". */
export function periodLabel(key: string): Message {
  const month = /^(\d{4})-(\d{2})$/.exec(key);
  if (month) return { key: "period.month", params: { month: Number(month[2]), year: month[1]! } };
  const quarter = /^(\d{4})-Q([1-4])$/.exec(key);
  if (quarter) return { key: "period.quarter", params: { quarter: ["I", "II", "III", "IV"][Number(quarter[2]) - 1]!, year: quarter[1]! } };
  const half = /^(\d{4})-H([12])$/.exec(key);
  if (half) return { key: `period.half_${half[2]}`, params: { year: half[1]! } };
  const nine = /^(\d{4})-9M$/.exec(key);
  if (nine) return { key: "period.nine_months", params: { year: nine[1]! } };
  if (/^\d{4}$/.test(key)) return { key: "period.year", params: { year: key } };
  return { key: "period.once" };
}

/** A target as the plan wrote it, without the LaTeX or HTML of the extraction ("$\\geq 3\\%$" → "≥ 3%"). */
export function targetText(raw: string): string {
  let text = cleanedTargets.get(raw);
  if (text === undefined) {
    text = cleanCellText(raw);
    if (cleanedTargets.size >= 1_000) cleanedTargets.clear();
    cleanedTargets.set(raw, text);
  }
  return text;
}

// A catalogue has a few hundred targets, shown again on every confirmation: each is cleaned once.
const cleanedTargets = new Map<string, string>();
