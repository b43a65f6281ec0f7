import { splitUnitList } from "../../domain/unit-name.ts";
import { isUnitStart } from "./is-unit-start.ts";

/**
 * Lead and coordinating units from one responsible-unit cell:
 * "Phòng Tài chính phối hợp với Sở Tài chính" → lead ["Phòng Tài chính"], coordinating ["Sở Tài chính"].
 *
 * This separates the two roles and drops a trailing clause saying what the units do ("… thực hiện
 * các nội dung liên quan"), which would otherwise be read as part of a unit's name. Cutting each
 * part into names is splitUnitList's business. Names stay raw (typos such as "Phòng Chuyển đối số"
 * included): resolving them to the organisation tree happens later.
 */
export function splitResponsibleCell(cell: string): { lead: string[]; coordinating: string[] } {
  const text = cell.replace(/\s+/g, " ").trim();
  const [leadPart = "", coordinatingPart = ""] = text.split(/\s+phối hợp(?:\s+(?:với|cùng))?\s+/iu, 2);
  return { lead: unitNames(leadPart), coordinating: unitNames(coordinatingPart) };
}

function unitNames(part: string): string[] {
  const text = part.replace(PURPOSE_CLAUSE, "").trim();
  return text === "" ? [] : rejoinCapitalisedTails(text, splitUnitList(text));
}

const PURPOSE_CLAUSE = /\s+(?:thực hiện|triển khai|để|nhằm)\s.*$/u;

/**
 * splitUnitList compares without diacritics, so in "Phòng Quản lý Bưu chính, Viễn thông" it takes
 * "Viễn" for "Viện" (an institute) and cuts one office in two. A capitalised piece that does not
 * open a unit's name when read with its diacritics is the tail of the name before it: glue it back,
 * with the text that stood between them.
 */
function rejoinCapitalisedTails(text: string, names: string[]): string[] {
  const joined: { name: string; end: number }[] = [];
  let cursor = 0;
  for (const name of names) {
    const start = text.indexOf(name, cursor);
    const previous = joined[joined.length - 1];
    if (previous && start >= 0 && previous.end >= 0 && /^\p{Lu}/u.test(name) && !isUnitStart(name) && /^\s*,\s*$/u.test(text.slice(previous.end, start))) {
      previous.name = `${previous.name}${text.slice(previous.end, start)}${name}`;
      previous.end = start + name.length;
    } else {
      joined.push({ name, end: start >= 0 ? start + name.length : -1 });
    }
    if (start >= 0) cursor = start + name.length;
  }
  return joined.map((j) => j.name);
}
