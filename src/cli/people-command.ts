import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { activeInviteCode, listPeople } from "../../db/repositories/people-repository.ts";
import { importPeople } from "../services/import-people.ts";
import { CliError, formatTable, toCsv, type CliContext } from "./cli-context.ts";

export async function peopleCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { csv: { type: "boolean" }, json: { type: "boolean" }, "dry-run": { type: "boolean" } },
  });
  if (sub === "import") {
    const file = positionals[0];
    if (!file) throw new CliError("Which file? Usage: people import <file.csv|xlsx> [--csv] [--dry-run]");
    const bytes = await readFile(file).catch(() => {
      throw new CliError(`Cannot read ${file}: check the path.`);
    });
    const result = await importPeople(ctx.db, { bytes: new Uint8Array(bytes), fileName: file }, { now: ctx.now(), inviteTtlDays: ctx.config.INVITE_CODE_TTL_DAYS, dryRun: values["dry-run"] });
    if (values.json) {
      ctx.out(JSON.stringify(result, null, 2));
      return result.problems.length && !result.people.length ? 1 : 0;
    }
    const header = ["name", "phone", "unit", "roles", "invite code", "expires", "status"];
    const rows = result.people.map((p) => [p.name, p.phone ?? "", p.unit, p.roles.join(";"), p.inviteCode, p.inviteExpiresAt.slice(0, 10), p.status]);
    ctx.out(values.csv ? toCsv(header, rows) : formatTable(header, rows));
    if (result.problems.length) {
      process.stderr.write(`\n${result.problems.length} rows not imported:\n${result.problems.map((p) => `  line ${p.line}: ${p.message}`).join("\n")}\n`);
    }
    return result.problems.length && !result.people.length ? 1 : 0;
  }
  if (sub === "list") {
    const now = ctx.now();
    const header = ["id", "name", "phone", "unit", "roles", "invite code"];
    const rows = listPeople(ctx.db).map((p) => [String(p.id), p.name, p.phone ?? "", p.unitName ?? "", p.roles.join(";"), activeInviteCode(ctx.db, p.id, now)?.code ?? ""]);
    ctx.out(values.csv ? toCsv(header, rows) : formatTable(header, rows));
    return 0;
  }
  throw new CliError(`Unknown "people ${sub ?? ""}": use "people import <file>" or "people list".`);
}
