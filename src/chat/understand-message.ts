import { parseReportedValue } from "../domain/parse-reported-value.ts";
import type { ChatContext } from "./context.ts";
import { inviteCodeIn } from "./flows/link.ts";
import { defaultPeriod, splitOneLine } from "./flows/report.ts";
import { matchItems } from "./match-items.ts";
import { recognizeCommand } from "./recognize-command.ts";

export interface Understanding {
  intent: "command" | "invite_code" | "one_line_report" | "unknown";
  command?: string;
  inviteCode?: string;
  /** The item the words point at, when exactly one does. */
  item?: { code: string; name: string; plan: string; unit: string; valueKind: string; unitOfMeasure: string | null; target: string | null };
  /** Every item the words could mean (several = the bot asks which). */
  candidates: { code: string; name: string; plan: string }[];
  period?: string;
  value?: { text: string; number: number | null; text_value: string | null };
  problems: string[];
}

/**
 * How the bot would read a message, without saving anything or changing any conversation:
 * for support staff who need to see why a message was misread (`cli parse`).
 */
export function understandMessage(text: string, ctx: ChatContext): Understanding {
  const out: Understanding = { intent: "unknown", candidates: [], problems: [] };
  const command = recognizeCommand(text);
  if (command) return { ...out, intent: "command", command };
  if (!ctx.person) {
    const code = inviteCodeIn(text);
    return code ? { ...out, intent: "invite_code", inviteCode: code } : { ...out, problems: ["the account is not linked: only an invite code is understood"] };
  }
  const parts = splitOneLine(text);
  if (!parts) return { ...out, problems: ["no figure at the end of the message (e.g. \"5G 72\")"] };
  const named = matchItems(ctx.lookups.itemSummaries(ctx.person.id), parts.hint).filter((i) => i.ref.subjectType === "indicator");
  const matches = ctx.lookups.itemsForPerson(ctx.person.id, { only: named.map((i) => i.ref) });
  out.candidates = matches.map((m) => ({ code: m.code, name: m.name, plan: m.plan }));
  if (matches.length === 0) return { ...out, problems: [`no assigned indicator matches "${parts.hint}"`] };
  out.intent = "one_line_report";
  if (matches.length > 1) {
    out.problems.push(`"${parts.hint}" matches ${matches.length} indicators: the bot asks which`);
    return out;
  }
  const item = matches[0]!;
  out.item = { code: item.code, name: item.name, plan: item.plan, unit: item.unitName, valueKind: item.valueKind, unitOfMeasure: item.unitOfMeasure, target: item.target?.raw ?? null };
  const period = defaultPeriod(item);
  if (period) out.period = period.key;
  else out.problems.push("no open period");
  const value = parseReportedValue(parts.value, item.valueKind);
  if (value.ok) out.value = { text: parts.value, number: value.valueNumber, text_value: value.valueText };
  else out.problems.push(`value "${parts.value}": ${value.error}`);
  return out;
}
