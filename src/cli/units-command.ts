import { parseArgs } from "node:util";
import { listUnits } from "../../db/repositories/units-repository.ts";
import { CliError, formatTable, type CliContext } from "./cli-context.ts";

export async function unitsCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: { json: { type: "boolean" } } });
  if (sub !== "list") throw new CliError(ctx.say("cli.error.unknownSub", { command: "units", sub: sub ?? "", choices: "list" }));
  const units = listUnits(ctx.db);
  const byId = new Map(units.map((u) => [u.id, u.name]));
  if (values.json) ctx.out(JSON.stringify(units, null, 2));
  else ctx.out(formatTable(["id", "kind", "name", "parent"].map((c) => ctx.say(`cli.units.columns.${c}`)), units.map((u) => [String(u.id), u.kind, u.name, u.parentId ? (byId.get(u.parentId) ?? "") : ""])));
  return 0;
}
