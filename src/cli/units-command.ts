import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importUnits, UnitFileError, type UnitImportProblem } from "../services/import-units.ts";
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
    options: { json: { type: "boolean" }, parent: { type: "string" }, kind: { type: "string" }, top: { type: "boolean" }, "dry-run": { type: "boolean" } },
  });
  const { say } = ctx;
  const need = (count: number, usage: string) => {
    if (positionals.length < count) throw new CliError(say("cli.error.needOptions", { command: `units ${sub ?? ""}`, options: usage }));
  };
  try {
    if (sub === "list") {
      const units = await listUnits(ctx.db);
      const byId = new Map(units.map((u) => [u.id, u.name]));
      if (values.json) ctx.out(JSON.stringify(units, null, 2));
      else {
        const header = ["id", "kind", "name", "parent", "standing"].map((c) => say(`cli.units.columns.${c}`));
        const standing = (u: (typeof units)[number]) => [u.external ? say("cli.units.standing.external") : "", u.deactivatedAt ? say("cli.units.standing.deactivated") : ""].filter(Boolean).join(", ");
        ctx.out(formatTable(header, units.map((u) => [String(u.id), say(`cli.units.kind.${u.kind}`), u.name, u.parentId ? (byId.get(u.parentId) ?? "") : "", standing(u)])));
      }
      return 0;
    }
    if (sub === "import") {
      const file = positionals[0];
      if (!file) throw new CliError(say("cli.error.needFile", { usage: say("cli.usage.unitsImport") }));
      const bytes = await readFile(file).catch(() => {
        throw new CliError(say("cli.error.cannotRead", { file }));
      });
      const dryRun = values["dry-run"] === true;
      const result = await importUnits(ctx.db, { bytes: new Uint8Array(bytes), fileName: file }, { now: ctx.now(), actor: { personId: null, name: "cli" }, dryRun }).catch((err: unknown) => {
        if (!(err instanceof UnitFileError)) throw err;
        throw new CliError(say("cli.units.import.badFile", { file, reason: say(`cli.units.import.fileReason.${err.reason}`, { detail: err.message }) }));
      });
      const failed = result.problems.length > 0 && result.units.length === 0;
      if (values.json) {
        ctx.out(JSON.stringify({ ...result, ...(dryRun ? { dryRun: true } : {}) }, null, 2));
        return failed ? 1 : 0;
      }
      const header = ["line", "name", "parent", "kind", "standing", "status"].map((c) => say(`cli.units.import.columns.${c}`));
      ctx.out(
        formatTable(
          header,
          result.units.map((u) => [
            String(u.line),
            u.previousName ? say("cli.units.import.renamedFrom", { name: u.name, previous: u.previousName }) : u.name,
            u.parent ?? "",
            say(`cli.units.kind.${u.kind}`),
            u.external ? say("cli.units.standing.external") : "",
            say(`cli.units.import.status.${u.status}`),
          ]),
        ),
      );
      const count = (status: string) => result.units.filter((u) => u.status === status).length;
      ctx.out(say(dryRun ? "cli.units.import.summaryDryRun" : "cli.units.import.summary", { added: count("added"), renamed: count("renamed"), changed: count("changed"), unchanged: count("unchanged") }));
      if (result.problems.length) {
        const lines = result.problems.map((p) => say("cli.units.import.problemLine", { line: p.line, message: importProblemText(say, p) }));
        process.stderr.write(`\n${say("cli.units.import.notImported", { count: result.problems.length })}\n${lines.join("\n")}\n`);
      }
      return failed ? 1 : 0;
    }
    if (sub === "add") {
      need(1, '"<tên>"');
      const r = await addUnit(ctx.db, { name: positionals[0] ?? "", ...(values.parent ? { parent: values.parent } : {}), ...(values.kind ? { kind: values.kind } : {}) }, ctx.now());
      ctx.out(say("cli.units.added", { name: r.unit.name, kind: say(`cli.units.kind.${r.unit.kind}`), assignments: r.assignments }));
      return 0;
    }
    if (sub === "rename") {
      need(2, '"<tên cũ>" "<tên mới>"');
      const r = await renameUnit(ctx.db, positionals[0] ?? "", positionals[1] ?? "");
      ctx.out(say("cli.units.renamed", { from: r.previous, to: r.unit.name }));
      return 0;
    }
    if (sub === "alias") {
      if (positionals[0] !== "add") throw new CliError(say("cli.error.unknownSub", { command: "units alias", sub: positionals[0] ?? "", choices: "add" }));
      if (positionals.length < 3) throw new CliError(say("cli.error.needOptions", { command: "units alias add", options: say("cli.usage.unitsAlias") }));
      const unit = await addUnitAliasByName(ctx.db, positionals[1] ?? "", positionals[2] ?? "");
      ctx.out(say("cli.units.aliased", { name: unit.name, alias: positionals[2] ?? "" }));
      return 0;
    }
    if (sub === "move") {
      need(1, '"<tên>" --parent "<đơn vị>" | --top');
      if (!values.parent && !values.top) throw new CliError(say("cli.error.needOptions", { command: "units move", options: "--parent | --top" }));
      const r = await moveUnit(ctx.db, positionals[0] ?? "", values.top ? undefined : values.parent);
      ctx.out(r.parent ? say("cli.units.moved", { name: r.unit.name, parent: r.parent.name }) : say("cli.units.movedTop", { name: r.unit.name }));
      return 0;
    }
    if ((standingChanges as readonly string[]).includes(sub ?? "")) {
      need(1, '"<đơn vị>"');
      const change = sub as StandingChange;
      const r = await changeUnitStanding(ctx.db, positionals[0] ?? "", change, { personId: null, name: "cli" }, ctx.now());
      ctx.out(say(r.unchanged ? `cli.units.standingUnchanged.${change}` : `cli.units.standingChanged.${change}`, { name: r.unit.name }));
      return 0;
    }
  } catch (err) {
    if (err instanceof SetupError) throw new CliError(say("cli.units.refused.no_unit", { value: err.value }));
    if (err instanceof UnitChangeError) throw new CliError(say(`cli.units.refused.${err.reason}`, { value: err.value, kinds: unitKinds.join(", ") }));
    throw err;
  }
  throw new CliError(say("cli.error.unknownSub", { command: "units", sub: sub ?? "", choices: "list, import, add, rename, alias add, move, external, internal, deactivate, reactivate" }));
}

function importProblemText(say: CliContext["say"], p: UnitImportProblem): string {
  return say(`cli.units.import.problem.${p.code}`, { value: p.value, text: p.text, kinds: unitKinds.join(", ") });
}
