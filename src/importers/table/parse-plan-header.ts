import { importProblem } from "../import-problem.ts";
import { searchKey } from "../../domain/search-key.ts";
import type { ImportedPlan, ImportProblem } from "../types.ts";

export interface PlanHeader {
  plan: ImportedPlan;
  /** The year the plan is for, when the document says it (its date, "ngày tháng 3 năm 2026"). */
  year?: number;
  problems: ImportProblem[];
}

/**
 * Reads the plan's number, date, issuer and title from the document's prose lines:
 * "Số: /KH-UBND", "Thái Nguyên, ngày tháng 3 năm 2026", "KẾ HOẠCH" + the line under it,
 * "(Kèm theo Kế hoạch số. 52/KH-UBND ngày 06/02/2026 của Ủy ban nhân dân tỉnh)",
 * "(Kèm theo Quyết định số /QĐ-UBND ngày / /2026 của Chủ tịch UBND tỉnh Bắc Ninh)".
 *
 * Drafts leave the number blank. Then the caller's `planNumber` is used, and without one the
 * number stays empty with a "missing_plan_number" review problem: a number made up from the title
 * would be quoted in reports as if it were real.
 */
export function parsePlanHeader(lines: { line: number; text: string }[], opts: { planNumber?: string } = {}): PlanHeader {
  const prose = lines.map((l) => ({ line: l.line, text: stripMarkup(l.text), raw: l.text })).filter((l) => l.text !== "");
  const references = [
    ...prose.slice(0, 20).flatMap((l) => readNumberLine(l.line, l.text, l.raw)),
    ...prose.flatMap((l) => readAttachedTo(l.line, l.text, l.raw)).sort((a, b) => a.rank - b.rank),
  ];
  const numbered = references.find((r) => r.number !== "");
  const dated = references.find((r) => r.date !== undefined);
  const issuer = references.find((r) => r.issuer !== undefined)?.issuer;
  const place = prose.slice(0, 20).map((l) => PLACE_DATE.exec(l.text)).find((m) => m !== null);
  const title = readTitle(prose);

  const date = dated?.date ?? (place ? fullDate(place[1], place[2], place[3]) : undefined);
  const year = yearOf(date) ?? references.find((r) => r.year !== undefined)?.year ?? (place ? Number(place[3]) : undefined) ?? yearIn(title);

  const problems: ImportProblem[] = [];
  const found = numbered?.number ?? "";
  const callerNumber = opts.planNumber?.trim() ?? "";
  if (callerNumber === "" && found === "") {
    const where = references[0];
    problems.push(importProblem({ line: where?.line ?? 1, severity: "review", code: "missing_plan_number", key: "blank_plan_number", text: where?.text ?? "" }));
  } else if (callerNumber !== "" && found !== "" && normaliseNumber(callerNumber) !== found) {
    problems.push(importProblem({ line: numbered?.line ?? 1, severity: "review", code: "plan_number_mismatch", params: { found, asked: callerNumber }, text: numbered?.text ?? "" }));
  }

  const plan: ImportedPlan = { number: callerNumber !== "" ? callerNumber : found };
  if (date !== undefined) plan.date = date;
  if (issuer !== undefined) plan.issuer = issuer;
  if (title !== undefined) plan.title = title;
  return year === undefined ? { plan, problems } : { plan, year, problems };
}

interface Reference {
  line: number;
  /** The source line as written. */
  text: string;
  /** Lower ranks win: the document's own "Số:" line, then "Kèm theo Kế hoạch", then other acts. */
  rank: number;
  number: string;
  date?: string;
  year?: number;
  issuer?: string;
}

/** "Thái Nguyên, ngày 06 tháng 02 năm 2026" / "Thái Nguyên, ngày tháng 3 năm 2026". */
const PLACE_DATE = /^[^,\d]{2,40},\s*ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})/iu;
const NUMBER = String.raw`số\s*[:.]?\s*([\dA-Za-z.-]*?)\s*\/\s*([A-ZĐ][A-Za-zĐđ0-9&.-]*)`;
const NUMBER_LINE = new RegExp(`^${NUMBER}`, "iu");
const ATTACHED_TO = new RegExp(`^kèm theo\\s+(kế hoạch|quyết định|công văn|chương trình|thông báo)\\s+${NUMBER}(.*)$`, "iu");

function readNumberLine(line: number, text: string, raw: string): Reference[] {
  const m = NUMBER_LINE.exec(text);
  if (!m) return [];
  return [{ line, text: raw, rank: 0, number: joinNumber(m[1], m[2]) }];
}

function readAttachedTo(line: number, text: string, raw: string): Reference[] {
  const m = ATTACHED_TO.exec(text);
  if (!m) return [];
  const rest = m[4] ?? "";
  const slashDate = /ngày\s*(\d{1,2})?\s*\/\s*(\d{1,2})?\s*\/\s*(\d{4})/u.exec(rest);
  const wordDate = /ngày\s*(\d{1,2})?\s*tháng\s*(\d{1,2})?\s*năm\s*(\d{4})/iu.exec(rest);
  const d = slashDate ?? wordDate;
  const issuer = /\bcủa\s+(.+?)\)?\s*$/u.exec(rest)?.[1]?.trim();
  const ref: Reference = {
    line,
    text: raw,
    rank: searchKey(m[1] ?? "") === "ke hoach" ? 1 : 2,
    number: joinNumber(m[2], m[3]),
  };
  const date = d ? fullDate(d[1], d[2], d[3]) : undefined;
  if (date !== undefined) ref.date = date;
  if (d?.[3]) ref.year = Number(d[3]);
  if (issuer) ref.issuer = issuer;
  return [ref];
}

/** The line under the "KẾ HOẠCH" heading is the plan's title. */
function readTitle(prose: { line: number; text: string }[]): string | undefined {
  const heading = prose.findIndex((l) => searchKey(l.text) === "ke hoach");
  return heading >= 0 ? prose[heading + 1]?.text : undefined;
}

function joinNumber(serial: string | undefined, suffix: string | undefined): string {
  const s = (serial ?? "").replace(/\.$/, "").trim();
  return s === "" || !suffix ? "" : `${s}/${suffix}`;
}

function normaliseNumber(n: string): string {
  return n.replace(/\s*\/\s*/g, "/");
}

function fullDate(day: string | undefined, month: string | undefined, year: string | undefined): string | undefined {
  if (!day || !month || !year) return undefined;
  const d = Number(day);
  const m = Number(month);
  if (m < 1 || m > 12 || d < 1 || d > 31) return undefined;
  return `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function yearOf(date: string | undefined): number | undefined {
  return date === undefined ? undefined : Number(date.slice(0, 4));
}

function yearIn(text: string | undefined): number | undefined {
  const m = text ? /năm\s+((?:19|20)\d\d)/iu.exec(text) : null;
  return m?.[1] ? Number(m[1]) : undefined;
}

/** Markdown headings, emphasis and the brackets around "(Kèm theo …)". */
function stripMarkup(text: string): string {
  return text
    .replace(/^#+\s*/, "")
    .replace(/\*+/g, "")
    .replace(/<\/?[a-z][^>]*>/gi, "")
    .replace(/^\(\s*/, "")
    .replace(/\s+/g, " ")
    .trim();
}
