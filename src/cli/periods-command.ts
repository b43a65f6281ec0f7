import { closePeriod, listPeriods, PeriodError, reopenPeriod } from "../services/approvals.ts";
import { CliError, formatTable, type CliContext } from "./cli-context.ts";

/** `periods list`, `periods close <period>`, `periods open <period>`: lock a reporting period for chat, or unlock it. */
export async function periodsCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ref] = args;
  const { say } = ctx;
  const actor = { personId: null, name: "cli" };
  if (sub === "list") {
    const rows = (await listPeriods(ctx.db, ctx.now())).map((p) => [p.key, p.startsOn, p.endsOn, String(p.reports), p.closedAt ? say("cli.periods.closed") : ""]);
    ctx.out(formatTable([say("cli.periods.colKey"), say("cli.periods.colFrom"), say("cli.periods.colTo"), say("cli.periods.colReports"), say("cli.periods.colState")], rows));
    return 0;
  }
  if (sub !== "close" && sub !== "open") throw new CliError(say("cli.error.unknownSub", { command: "periods", sub: sub ?? "", choices: "list, close, open" }));
  if (!ref) throw new CliError(say("cli.periods.needPeriod", { sub }));
  try {
    const row = await (sub === "close" ? closePeriod : reopenPeriod)(ctx.db, ref, actor, ctx.now());
    ctx.out(say(sub === "close" ? "cli.periods.closedDone" : "cli.periods.openedDone", { period: row.key }));
    return 0;
  } catch (err) {
    if (err instanceof PeriodError) throw new CliError(say("cli.periods.badPeriod", { period: ref }));
    throw err;
  }
}
