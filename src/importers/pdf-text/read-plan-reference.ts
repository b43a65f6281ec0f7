import type { ImportedPlan } from "../types.ts";

/**
 * The plan an appendix belongs to, from the lines above its table:
 * "(Kèm theo Kế hoạch số: 30 /KH-SKHCN ngày 20 /9/2025 của Sở Khoa học và Công nghệ)".
 * PDF text scatters stray spaces inside the number and the date, so both are read loosely.
 * The title is the capitalised heading between "Phụ lục …" and "(Kèm theo …)".
 */
export function readPlanReference(preamble: readonly string[]): ImportedPlan {
  const text = preamble.join(" ").replace(/\s+/g, " ");
  const reference = REFERENCE.exec(text);
  const plan: ImportedPlan = { number: "" };
  if (reference) {
    const [, serial = "", suffix = "", rest = ""] = reference;
    // A blank serial ("số: /KH-UBND") means the number was never filled in, not that it is "/KH-UBND".
    if (serial) plan.number = `${serial}/${suffix.replace(/\s+/g, "")}`;
    const date = readDate(rest);
    if (date) plan.date = date;
    const issuer = /\bcủa\s+([^)]+?)\s*\)?\s*$/u.exec(rest.split(")")[0] ?? "")?.[1];
    if (issuer) plan.issuer = issuer.trim();
  }
  const title = readTitle(preamble);
  if (title) plan.title = title;
  return plan;
}

const REFERENCE = /Kèm theo\s+(?:Kế hoạch|Quyết định|Công văn|Văn bản|Thông báo)\s+số\s*:?\s*(\d*)\s*\/\s*([\p{L}\d&-]+(?:\s*-\s*[\p{L}\d&]+)*)(.*)$/iu;

function readDate(rest: string): string | undefined {
  const numeric = /ngày\s+(\d{1,2})\s*\/\s*(\d{1,2})\s*\/\s*(\d{4})/iu.exec(rest);
  const spelled = /ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})/iu.exec(rest);
  const match = numeric ?? spelled;
  if (!match) return undefined;
  const [, day = "", month = "", year = ""] = match;
  const d = Number(day);
  const m = Number(month);
  if (d < 1 || d > 31 || m < 1 || m > 12) return undefined;
  return `${year}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function readTitle(preamble: readonly string[]): string | undefined {
  const lines = preamble.map((line) => line.trim()).filter((line) => line !== "");
  const start = lines.findIndex((line) => /^Phụ lục\b/iu.test(line));
  const end = lines.findIndex((line) => /^\(?\s*Kèm theo\b/iu.test(line));
  const heading = lines.slice(start + 1, end === -1 ? undefined : end).filter((line) => line === line.toUpperCase());
  return heading.length > 0 ? heading.join(" ").replace(/\s+/g, " ") : undefined;
}
