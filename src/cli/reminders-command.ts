import { parseArgs } from "node:util";
import { fixedClock } from "../clock.ts";
import { createLogger } from "../logger.ts";
import { previewReminderTick } from "../services/reminder-preview.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/** `reminders run [--at "YYYY-MM-DD HH:MM"] [--send] [--json]`: what the reminder tick at that moment (Vietnam time) sends. */
export async function remindersCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { at: { type: "string" }, send: { type: "boolean" }, json: { type: "boolean" } } });
  const { say } = ctx;
  if (sub !== "run") throw new CliError(say("cli.error.unknownSub", { command: "reminders", sub: sub ?? "", choices: "run" }));
  const at = values.at === undefined ? ctx.now() : vietnamTime(values.at);
  if (!at) throw new CliError(say("cli.reminders.badTime", { value: values.at ?? "" }));
  const send = values.send === true;
  const preview = await previewReminderTick(
    { db: ctx.db, clock: fixedClock(at), config: ctx.config, logger: createLogger("silent") },
    { send },
  );
  if (values.json) {
    ctx.out(JSON.stringify({ at: at.toISOString(), sent: send, ...preview }, null, 2));
    return 0;
  }
  const local = new Date(at.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
  ctx.out(say("cli.reminders.summary", { at: local, ...preview.result }));
  for (const m of preview.messages) {
    const text = typeof m.payload === "object" && m.payload !== null && "text" in m.payload ? String(m.payload.text) : JSON.stringify(m.payload);
    ctx.out(`\n${say("cli.reminders.message", { kind: m.kind, channel: m.channel, chat: m.chatId, person: m.personId ?? "-" })}\n${text}`);
  }
  ctx.out(`\n${send ? say("cli.reminders.queued", { count: preview.messages.length }) : say("cli.reminders.dryRun")}`);
  return 0;
}

/** "2026-12-07 08:00" (or with a T, or seconds) read as Vietnam time; an ISO instant with its own offset as written. */
function vietnamTime(text: string): Date | undefined {
  const trimmed = text.trim();
  const local = /^(\d{4}-\d{2}-\d{2})[ T](\d{2}:\d{2}(?::\d{2})?)$/.exec(trimmed);
  const date = local ? new Date(`${local[1]}T${local[2]}+07:00`) : /[zZ]|[+-]\d{2}:?\d{2}$/.test(trimmed) ? new Date(trimmed) : undefined;
  return date && !Number.isNaN(date.getTime()) ? date : undefined;
}
