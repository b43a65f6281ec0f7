import { parseArgs } from "node:util";
import { assignmentRoles, type AssignmentRole } from "../domain/assignment-role.ts";
import { frequencies, type Frequency } from "../domain/frequency.ts";
import { addAssignment, DeactivatedUnitError, findPerson, itemsAssignedToPerson, itemsAssignedToUnits, removeAssignment } from "../services/assignments.ts";
import { findUnitByName } from "../services/unit-directory.ts";
import { CliError, formatTable, type CliContext } from "./cli-context.ts";

export async function assignCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values } = parseArgs({
    args: rest,
    options: {
      plan: { type: "string" },
      code: { type: "string" },
      unit: { type: "string" },
      role: { type: "string", default: "lead" },
      frequency: { type: "string" },
      person: { type: "string" },
      kind: { type: "string" },
      json: { type: "boolean" },
    },
  });
  const { say } = ctx;
  const oneOf = <T extends readonly string[]>(value: string | undefined, allowed: T, flag: string): T[number] => {
    if (value !== undefined && (allowed as readonly string[]).includes(value)) return value;
    throw new CliError(say("cli.error.oneOf", { flag, allowed: allowed.join(", "), value: value ?? "" }));
  };
  const role = oneOf(values.role, assignmentRoles, "--role") as AssignmentRole;
  const kind = values.kind === undefined ? undefined : (oneOf(values.kind, ["indicator", "task"] as const, "--kind") as "indicator" | "task");
  if (sub === "add" || sub === "remove") {
    if (!values.plan || !values.code || !values.unit) throw new CliError(say("cli.error.needOptions", { command: `assign ${sub}`, options: "--plan, --code, --unit" }));
    const base = { plan: values.plan, code: values.code, unit: values.unit, role, kind, actor: "cli", now: ctx.now() };
    if (sub === "add") {
      const frequency = values.frequency === undefined ? undefined : (oneOf(values.frequency, frequencies, "--frequency") as Frequency);
      let r;
      try {
        r = await addAssignment(ctx.db, { ...base, frequency, person: values.person });
      } catch (err) {
        if (err instanceof DeactivatedUnitError) throw new CliError(say("cli.assign.unitDeactivated", { unit: err.unitName }));
        throw err;
      }
      ctx.out(say("cli.assign.added", { id: r.id, change: say(`cli.catalogue.change.${r.change}`), unit: values.unit, role, code: values.code, plan: values.plan }));
    } else {
      const r = await removeAssignment(ctx.db, base);
      ctx.out(say("cli.assign.removed", { id: r.id }));
    }
    return 0;
  }
  if (sub === "list") {
    let items;
    if (values.person) items = await itemsAssignedToPerson(ctx.db, (await findPerson(ctx.db, values.person)).id);
    else if (values.unit) {
      const unit = await findUnitByName(ctx.db, values.unit);
      if (!unit) throw new CliError(say("cli.error.noUnit", { unit: values.unit }));
      items = await itemsAssignedToUnits(ctx.db, [unit.id]);
    } else throw new CliError(say("cli.error.needOptions", { command: "assign list", options: "--unit | --person" }));
    if (values.json) ctx.out(JSON.stringify(items, null, 2));
    else ctx.out(formatTable(["plan", "code", "role", "frequency", "unit", "name"].map((c) => say(`cli.assign.columns.${c}`)), items.map((i) => [i.plan, i.code, i.role, i.frequency, i.unit, i.name])));
    return 0;
  }
  throw new CliError(say("cli.error.unknownSub", { command: "assign", sub: sub ?? "", choices: "add, remove, list" }));
}
