import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { activeInviteCode, listPeople } from "../../db/repositories/people-repository.ts";
import { AssignmentError } from "../services/assignments.ts";
import { importPeople, PeopleFileError, type PeopleImportProblem } from "../services/import-people.ts";
import { addPerson, changeRoles, editPerson, PersonChangeError, setPersonActive } from "../services/manage-people.ts";
import { CliError, formatTable, toCsv, type CliContext, type Say } from "./cli-context.ts";


export async function peopleCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: {
      csv: { type: "boolean" },
      json: { type: "boolean" },
      "dry-run": { type: "boolean" },
      name: { type: "string" },
      phone: { type: "string" },
      unit: { type: "string" },
      role: { type: "string" },
    },
  });
  const { say } = ctx;
  const col = (name: string) => say(`cli.people.columns.${name}`);
  if (sub === "import") {
    const file = positionals[0];
    if (!file) throw new CliError(say("cli.error.needFile", { usage: say("cli.usage.peopleImport") }));
    const bytes = await readFile(file).catch(() => {
      throw new CliError(say("cli.error.cannotRead", { file }));
    });
    const dryRun = values["dry-run"] === true;
    const result = await importPeople(ctx.db, { bytes: new Uint8Array(bytes), fileName: file }, { now: ctx.now(), inviteTtlDays: ctx.config.INVITE_CODE_TTL_DAYS, dryRun }).catch(
      (err: unknown) => {
        if (!(err instanceof PeopleFileError)) throw err;
        throw new CliError(say("cli.people.badFile", { file, reason: say(`cli.people.fileReason.${err.reason}`, { detail: err.message }) }));
      },
    );
    const failed = result.problems.length > 0 && result.people.length === 0;
    if (values.json) {
      ctx.out(JSON.stringify({ ...result, ...(dryRun ? { dryRun: true } : {}) }, null, 2));
      return failed ? 1 : 0;
    }
    const header = ["name", "phone", "unit", "roles", "invite", "expires", "status"].map(col);
    const rows = result.people.map((p) => [
      p.name,
      p.phone ?? "",
      p.unit,
      roleNames(say, p.roles),
      p.inviteCode ?? say("cli.people.dryRunCode"),
      p.inviteExpiresAt?.slice(0, 10) ?? "",
      say(`cli.people.status.${p.status}`),
    ]);
    ctx.out(values.csv ? toCsv(header, rows) : formatTable(header, rows));
    if (dryRun) process.stderr.write(`${say("cli.people.dryRunNote")}\n`);
    if (result.problems.length) {
      const lines = result.problems.map((p) => say("cli.people.problemLine", { line: p.line, message: problemText(say, p) }));
      process.stderr.write(`\n${say("cli.people.notImported", { count: result.problems.length })}\n${lines.join("\n")}\n`);
    }
    return failed ? 1 : 0;
  }
  if (sub === "list") {
    const now = ctx.now();
    const header = ["id", "name", "phone", "unit", "roles", "invite"].map(col);
    const rows = (await Promise.all((await listPeople(ctx.db)).map(async (p) => [String(p.id), p.name, p.phone ?? "", p.unitName ?? "", roleNames(say, p.roles), (await activeInviteCode(ctx.db, p.id, now))?.code ?? ""])));
    ctx.out(values.csv ? toCsv(header, rows) : formatTable(header, rows));
    return 0;
  }
  try {
    if (sub === "add") {
      const name = positionals[0];
      if (!name || !values.unit) throw new CliError(say("cli.error.needOptions", { command: "people add", options: say("cli.usage.peopleAdd") }));
      const r = await addPerson(ctx.db, { name, unit: values.unit, ...(values.phone ? { phone: values.phone } : {}), ...(values.role ? { roles: values.role } : {}) }, { now: ctx.now(), inviteTtlDays: ctx.config.INVITE_CODE_TTL_DAYS });
      ctx.out(say("cli.people.added", { name: r.person.name, id: r.person.id, roles: roleNames(say, r.roles), code: r.invite.code, expires: r.invite.expiresAt.toISOString().slice(0, 10) }));
      return 0;
    }
    if (sub === "edit") {
      const ref = positionals[0];
      if (!ref || (!values.name && !values.phone && !values.unit)) throw new CliError(say("cli.error.needOptions", { command: "people edit", options: say("cli.usage.peopleEdit") }));
      const person = await editPerson(ctx.db, ref, { ...(values.name ? { name: values.name } : {}), ...(values.phone ? { phone: values.phone } : {}), ...(values.unit ? { unit: values.unit } : {}) }, ctx.now());
      ctx.out(say("cli.people.edited", { name: person.name, id: person.id }));
      return 0;
    }
    if (sub === "deactivate" || sub === "reactivate") {
      const ref = positionals[0];
      if (!ref) throw new CliError(say("cli.error.needOptions", { command: `people ${sub}`, options: say("cli.usage.personRef") }));
      const r = await setPersonActive(ctx.db, ref, sub === "reactivate", ctx.now());
      ctx.out(say(`cli.people.${sub}d`, { name: r.person.name, id: r.person.id, sessions: r.endedSessions }));
      return 0;
    }
    if (sub === "role") {
      const [change, ref, roles] = positionals;
      if ((change !== "add" && change !== "remove") || !ref || !roles) throw new CliError(say("cli.error.needOptions", { command: "people role", options: say("cli.usage.peopleRole") }));
      const r = await changeRoles(ctx.db, ref, change, roles);
      ctx.out(say("cli.people.roles", { name: r.person.name, roles: roleNames(say, r.roles) || "-" }));
      return 0;
    }
  } catch (err) {
    if (err instanceof PersonChangeError) throw new CliError(say(`cli.people.refused.${err.reason}`, { value: err.value }));
    if (err instanceof AssignmentError) throw new CliError(say("cli.invite.noPerson", { ref: positionals[1] && sub === "role" ? positionals[1] : (positionals[0] ?? "") }));
    throw err;
  }
  throw new CliError(say("cli.error.unknownSub", { command: "people", sub: sub ?? "", choices: "import, list, add, edit, role, deactivate, reactivate" }));
}

function problemText(say: Say, p: PeopleImportProblem): string {
  return say(`cli.people.problem.${p.code}`, { value: p.value ?? "", text: p.text });
}

/** Roles by their names in the CLI's language ("Cán bộ đầu mối; Quản trị"), which `people import` reads back. */
function roleNames(say: Say, roles: readonly string[]): string {
  return roles.map((r) => say(`role.name.${r}`)).join("; ");
}
