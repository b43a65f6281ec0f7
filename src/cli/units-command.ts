import { parseArgs } from "node:util";
import { listUnits } from "../../db/repositories/units-repository.ts";
import { unitKinds } from "../domain/types.ts";
import { addUnit, addUnitAliasByName, moveUnit, renameUnit, UnitChangeError } from "../services/manage-units.ts";
import { changeUnitStanding, SetupError, standingChanges, type StandingChange } from "../services/unit-standing.ts";
import { CliError, formatTable, type CliContext } from "./cli-context.ts";

export async function unitsCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { json: { type: "boolean" }, parent: { type: "string" }, kind: { type: "string" }, top: { type: "boolean" } },
  });
  const { say } = ctx;
  const need = (count: number, usage: string) => {
    if (positionals.length < count) throw new CliError(say("cli.error.needOptions", { command: `units ${sub ?? ""}`, options: usage }));
  };
  try {
    if (sub === "list") {
      const units = listUnits(ctx.db);
      const byId = new Map(units.map((u) => [u.id, u.name]));
      if (values.json) ctx.out(JSON.stringify(units, null, 2));
      else {
        const header = ["id", "kind", "name", "parent", "standing"].map((c) => say(`cli.units.columns.${c}`));
        const standing = (u: (typeof units)[number]) => [u.external ? say("cli.units.standing.external") : "", u.deactivatedAt ? say("cli.units.standing.deactivated") : ""].filter(Boolean).join(", ");
        ctx.out(formatTable(header, units.map((u) => [String(u.id), say(`cli.units.kind.${u.kind}`), u.name, u.parentId ? (byId.get(u.parentId) ?? "") : "", standing(u)])));
      }
      return 0;
    }
    if (sub === "add") {
      need(1, '"<tên>"');
      const r = addUnit(ctx.db, { name: positionals[0] ?? "", ...(values.parent ? { parent: values.parent } : {}), ...(values.kind ? { kind: values.kind } : {}) }, ctx.now());
      ctx.out(say("cli.units.added", { name: r.unit.name, kind: say(`cli.units.kind.${r.unit.kind}`), assignments: r.assignments }));
      return 0;
    }
    if (sub === "rename") {
      need(2, '"<tên cũ>" "<tên mới>"');
      const r = renameUnit(ctx.db, positionals[0] ?? "", positionals[1] ?? "");
      ctx.out(say("cli.units.renamed", { from: r.previous, to: r.unit.name }));
      return 0;
    }
    if (sub === "alias") {
      if (positionals[0] !== "add") throw new CliError(say("cli.error.unknownSub", { command: "units alias", sub: positionals[0] ?? "", choices: "add" }));
      if (positionals.length < 3) throw new CliError(say("cli.error.needOptions", { command: "units alias add", options: '"<đơn vị>" "<tên khác>"' }));
      const unit = addUnitAliasByName(ctx.db, positionals[1] ?? "", positionals[2] ?? "");
      ctx.out(say("cli.units.aliased", { name: unit.name, alias: positionals[2] ?? "" }));
      return 0;
    }
    if (sub === "move") {
      need(1, '"<tên>" --parent "<đơn vị>" | --top');
      if (!values.parent && !values.top) throw new CliError(say("cli.error.needOptions", { command: "units move", options: "--parent | --top" }));
      const r = moveUnit(ctx.db, positionals[0] ?? "", values.top ? undefined : values.parent);
      ctx.out(r.parent ? say("cli.units.moved", { name: r.unit.name, parent: r.parent.name }) : say("cli.units.movedTop", { name: r.unit.name }));
      return 0;
    }
    if ((standingChanges as readonly string[]).includes(sub ?? "")) {
      need(1, '"<đơn vị>"');
      const change = sub as StandingChange;
      const r = changeUnitStanding(ctx.db, positionals[0] ?? "", change, { personId: null, name: "cli" }, ctx.now());
      ctx.out(say(r.unchanged ? `cli.units.standingUnchanged.${change}` : `cli.units.standingChanged.${change}`, { name: r.unit.name }));
      return 0;
    }
  } catch (err) {
    if (err instanceof SetupError) throw new CliError(say("cli.units.refused.no_unit", { value: err.value }));
    if (err instanceof UnitChangeError) throw new CliError(say(`cli.units.refused.${err.reason}`, { value: err.value, kinds: unitKinds.join(", ") }));
    throw err;
  }
  throw new CliError(say("cli.error.unknownSub", { command: "units", sub: sub ?? "", choices: "list, add, rename, alias add, move, external, internal, deactivate, reactivate" }));
}
