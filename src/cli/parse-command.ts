import { parseArgs } from "node:util";
import { understandMessage } from "../chat/understand-message.ts";
import { createChatLookups } from "../services/chat-lookups.ts";
import { findPerson } from "../services/assignments.ts";
import { personView } from "../services/person-view.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/** `parse --as <person> "<message>" [--json]`: how the bot would read a message; saves nothing. */
export async function parseCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { as: { type: "string" }, json: { type: "boolean" } } });
  const text = positionals.join(" ");
  if (!text) throw new CliError('What message? Usage: parse --as <phone|id> "<message>" [--json]');
  const now = ctx.now();
  const person = values.as ? personView(ctx.db, findPerson(ctx.db, values.as).id, ctx.config.DEFAULT_LOCALE) : null;
  const result = understandMessage(text, { now, channel: { buttons: true }, person, defaultLocale: ctx.config.DEFAULT_LOCALE, lookups: createChatLookups(ctx.db, now) });
  if (values.json) {
    ctx.out(JSON.stringify({ message: text, as: person ? { id: person.id, name: person.name, unit: person.unitName, roles: person.roles } : null, ...result }, null, 2));
  } else {
    ctx.out(`intent: ${result.intent}${result.command ? ` (${result.command})` : ""}`);
    ctx.out(`decision: ${result.decision}`);
    if (result.item) ctx.out(`item: #${result.item.number} ${result.item.code} — ${result.item.name} [${result.item.plan}; ${result.item.unit}; ${result.item.valueKind}; target ${result.item.target ?? "-"}]`);
    if (result.period) ctx.out(`period: ${result.period}`);
    if (result.value) ctx.out(`value: ${result.value.number ?? result.value.text_value ?? result.value.text}`);
    if (result.confidence) ctx.out(`confidence: ${result.confidence.score} (lead ${result.confidence.lead})`);
    for (const c of result.candidates) ctx.out(`considered: #${c.number} ${c.code} [${c.plan}] ${c.score} — ${c.name.slice(0, 80)}`);
    for (const w of result.why) ctx.out(`why: ${w}`);
    for (const p of result.problems) ctx.out(`problem: ${p}`);
  }
  return 0;
}
