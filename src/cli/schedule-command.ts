import { parseArgs } from "node:util";
import { frequencies, type Frequency } from "../../db/schema.ts";
import { setSchedule } from "../services/set-schedule.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/** `schedule set --plan <p> [--code <c>] --frequency <f>`: how often a plan's (or one item's) figures are due. */
export async function scheduleCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { plan: { type: "string" }, code: { type: "string" }, frequency: { type: "string" } } });
  if (sub !== "set") throw new CliError(`Unknown "schedule ${sub ?? ""}": use "schedule set --plan <p> --frequency <f>".`);
  if (!values.plan || !values.frequency) throw new CliError("schedule set needs --plan and --frequency.");
  if (!(frequencies as readonly string[]).includes(values.frequency)) throw new CliError(`--frequency must be one of: ${frequencies.join(", ")} (got "${values.frequency}").`);
  const r = setSchedule(ctx.db, { plan: values.plan, ...(values.code ? { code: values.code } : {}), frequency: values.frequency as Frequency, actor: "cli", now: ctx.now() });
  ctx.out(`${r.plan}${values.code ? ` ${values.code}` : ""}: ${r.assignments} assignments now reported ${values.frequency}.`);
  return 0;
}
