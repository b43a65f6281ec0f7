import { tokenizeMessage, type Token } from "../domain/tokenize-message.ts";

/**
 * "/xuat 2026", "xuất báo cáo tháng 11", "xuat bc quy 3", "export report 2026-Q3": a request for
 * the workbook, with the words after the command (the period, if any). Undefined: not an export.
 */
export function recognizeExport(text: string): { rest: Token[] } | undefined {
  const slash = /^\/(?:xuat|export)(?:@\w+)?(?=\s|$)(.*)$/is.exec(text.trim());
  if (slash) return { rest: tokenizeMessage(slash[1] ?? "") };
  const tokens = tokenizeMessage(text);
  const first = tokens[0]?.key;
  if (first !== "xuat" && first !== "export") return undefined;
  let i = 1;
  const k = (j: number) => tokens[i + j]?.key;
  if (k(0) === "bao" && k(1) === "cao") i += 2;
  else if (k(0) === "bc" || k(0) === "baocao" || k(0) === "report" || k(0) === "excel" || k(0) === "file") i += 1;
  // "xuất" alone, or followed by words that are not a period ("xuất khẩu"), is not asked of us.
  const rest = tokens.slice(i);
  if (i === 1 && rest.length > 0 && !/^(thang|t\d{1,2}|quy|q[1-4]?|nam|ca|\d.*)$/.test(rest[0]!.key)) return undefined;
  return { rest };
}
