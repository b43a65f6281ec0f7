import type { ChatContext } from "./context.ts";
import { inviteCodeIn } from "./flows/link.ts";
import { periodFor } from "./flows/report.ts";
import { recognizeCommand } from "./recognize-command.ts";
import { readReport, type Considered } from "./reader/read-report.ts";

type Decision = "command" | "invite_code" | "confirm_report" | "ask_period" | "ask_item" | "explain_value" | "ask_one_figure_at_a_time" | "unknown_code" | "not_understood";

export interface Understanding {
  intent: "command" | "invite_code" | "one_line_report" | "unknown";
  /** What the chat does with the message, in the same words as the reader's decision. */
  decision: Decision;
  command?: string;
  inviteCode?: string;
  /** The item the chat would put in the confirmation (or explain the figure for). */
  item?: { number: number; code: string; name: string; plan: string; unit: string; valueKind: string; unitOfMeasure: string | null; target: string | null };
  /** The items weighed, best first, with their scores (0–1 of the message's words found, plus small bonuses). */
  candidates: { number: number; code: string; name: string; plan: string; score: number }[];
  /** The best score and its lead over the next: the chat acts alone only on a clear lead. */
  confidence?: { score: number; lead: number };
  period?: string;
  value?: { text: string; number: number | null; text_value: string | null };
  /** How the reader got there, and why it would ask. */
  why: string[];
  problems: string[];
}

/**
 * How the bot would read a message, without saving anything or changing any conversation: the
 * same readReport decision the chat takes (`cli parse`, the eval).
 */
export async function understandMessage(text: string, ctx: ChatContext): Promise<Understanding> {
  const out: Understanding = { intent: "unknown", decision: "not_understood", candidates: [], why: [], problems: [] };
  const command = recognizeCommand(text);
  if (command) return { ...out, intent: "command", decision: "command", command };
  if (!ctx.person) {
    const code = inviteCodeIn(text);
    return code ? { ...out, intent: "invite_code", decision: "invite_code", inviteCode: code } : { ...out, problems: ["the account is not linked: only an invite code is understood"] };
  }
  const reading = readReport(text, await ctx.lookups.itemSummaries(ctx.person.id));
  out.why = reading.why;
  const list = (cs: Considered<{ code: string; name: string; plan: string }>[]) => cs.map((c) => ({ number: c.number, code: c.item.code, name: c.item.name, plan: c.item.plan, score: c.score }));
  switch (reading.kind) {
    case "none":
      return { ...out, problems: ["not a one-line report"] };
    case "refused":
      return { ...out, intent: "one_line_report", decision: "explain_value", problems: [`figure refused: ${reading.error}`] };
    case "unknown_code":
      return { ...out, intent: "one_line_report", decision: "unknown_code", problems: [`no item ${reading.code}: never replaced by a position`] };
    case "several_figures":
      return { ...out, intent: "one_line_report", decision: "ask_one_figure_at_a_time", candidates: list(reading.candidates), problems: [`several figures: ${reading.figures.join(", ")}`] };
    case "ask_item":
      return { ...out, intent: "one_line_report", decision: "ask_item", candidates: list(reading.candidates), value: { text: reading.figure, number: null, text_value: null }, problems: ["the bot asks which item"] };
    case "bad_value":
    case "report": {
      const summary = reading.item;
      const best = reading.considered[0]?.score ?? 0;
      const lead = best - (reading.considered[1]?.score ?? 0);
      const item = (await ctx.lookups.itemsForPerson(ctx.person.id, { only: [summary.ref] }))[0];
      const result: Understanding = {
        ...out,
        intent: "one_line_report",
        decision: reading.kind === "report" ? "confirm_report" : "explain_value",
        item: { number: reading.number, code: summary.code, name: summary.name, plan: summary.plan, unit: summary.unitName, valueKind: summary.valueKind, unitOfMeasure: summary.unitOfMeasure, target: summary.target?.raw ?? null },
        candidates: list(reading.considered.filter((c, i) => i === 0 || c.score > 0)),
        confidence: { score: best, lead: Math.round(lead * 1000) / 1000 },
      };
      if (item) {
        const period = periodFor(item, reading.period);
        if (period.kind === "ok") result.period = period.key;
        else {
          result.problems.push(period.kind === "none" ? "no open period" : `period "${reading.period?.text}" is not open: the bot says so and asks again`);
          result.decision = "ask_period";
        }
      }
      if (reading.kind === "report") result.value = { text: reading.figure, number: reading.value.valueNumber, text_value: reading.value.valueText };
      else result.problems.push(`value "${reading.figure}": ${reading.error}`);
      return result;
    }
  }
}
