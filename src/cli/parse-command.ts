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
  const { say } = ctx;
  if (!text) throw new CliError(say("cli.error.needOptions", { command: "parse", options: say("cli.usage.parse") }));
  const now = ctx.now();
  const person = values.as ? await personView(ctx.db, (await findPerson(ctx.db, values.as)).id, ctx.config.DEFAULT_LOCALE) : null;
  const result = await understandMessage(text, { now, channel: { buttons: true }, person, defaultLocale: ctx.config.DEFAULT_LOCALE, lookups: createChatLookups(ctx.db, now) });
  if (values.json) {
    ctx.out(JSON.stringify({ message: text, as: person ? { id: person.id, name: person.name, unit: person.unitName, roles: person.roles } : null, ...result }, null, 2));
  } else {
    ctx.out(say("cli.parse.intent", { intent: `${result.intent}${result.command ? ` (${result.command})` : ""}` }));
    ctx.out(say("cli.parse.decision", { decision: result.decision }));
    const item = result.item;
    if (item) ctx.out(say("cli.parse.item", { number: item.number, code: item.code, name: item.name, plan: item.plan, unit: item.unit, kind: item.valueKind, target: item.target ?? "-" }));
    if (result.period) ctx.out(say("cli.parse.period", { period: result.period }));
    if (result.value) ctx.out(say("cli.parse.value", { value: String(result.value.number ?? result.value.text_value ?? result.value.text) }));
    if (result.confidence) ctx.out(say("cli.parse.confidence", { score: result.confidence.score, lead: result.confidence.lead }));
    for (const c of result.candidates) ctx.out(say("cli.parse.considered", { number: c.number, code: c.code, plan: c.plan, score: c.score, name: c.name.slice(0, 80) }));
    for (const w of result.why) ctx.out(say("cli.parse.why", { why: w }));
    for (const p of result.problems) ctx.out(say("cli.parse.problem", { problem: p }));
  }
  return 0;
}
