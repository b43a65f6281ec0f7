import { parseArgs } from "node:util";
import { frequencies, type Frequency } from "../domain/frequency.ts";
import { setSchedule } from "../services/set-schedule.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/** `schedule set --plan <p> [--code <c>] --frequency <f>`: how often a plan's (or one item's) figures are due. */
export async function scheduleCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { plan: { type: "string" }, code: { type: "string" }, frequency: { type: "string" } } });
  const { say } = ctx;
  if (sub !== "set") throw new CliError(say("cli.error.unknownSub", { command: "schedule", sub: sub ?? "", choices: "set" }));
  if (!values.plan || !values.frequency) throw new CliError(say("cli.error.needOptions", { command: "schedule set", options: "--plan, --frequency" }));
  if (!(frequencies as readonly string[]).includes(values.frequency)) {
    throw new CliError(say("cli.error.oneOf", { flag: "--frequency", allowed: frequencies.join(", "), value: values.frequency }));
  }
  const r = await setSchedule(ctx.db, { plan: values.plan, ...(values.code ? { code: values.code } : {}), frequency: values.frequency as Frequency, actor: "cli", now: ctx.now() });
  ctx.out(say("cli.schedule.done", { plan: r.plan, code: values.code ? ` ${values.code}` : "", count: r.assignments, frequency: values.frequency }));
  return 0;
}
