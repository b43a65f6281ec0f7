import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { activeInviteCode, listPeople } from "../../db/repositories/people-repository.ts";
import { importPeople, PeopleFileError, type PeopleImportProblem } from "../services/import-people.ts";
import { CliError, formatTable, toCsv, type CliContext, type Say } from "./cli-context.ts";

const USAGE = "people import <file.csv|xlsx> [--csv] [--dry-run] [--json]";

export async function peopleCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { csv: { type: "boolean" }, json: { type: "boolean" }, "dry-run": { type: "boolean" } },
  });
  const { say } = ctx;
  const col = (name: string) => say(`cli.people.columns.${name}`);
  if (sub === "import") {
    const file = positionals[0];
    if (!file) throw new CliError(say("cli.error.needFile", { usage: USAGE }));
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
      p.roles.join(";"),
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
    const rows = listPeople(ctx.db).map((p) => [String(p.id), p.name, p.phone ?? "", p.unitName ?? "", p.roles.join(";"), activeInviteCode(ctx.db, p.id, now)?.code ?? ""]);
    ctx.out(values.csv ? toCsv(header, rows) : formatTable(header, rows));
    return 0;
  }
  throw new CliError(say("cli.error.unknownSub", { command: "people", sub: sub ?? "", choices: "import, list" }));
}

function problemText(say: Say, p: PeopleImportProblem): string {
  return say(`cli.people.problem.${p.code}`, { value: p.value ?? "", text: p.text });
}
