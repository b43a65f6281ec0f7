import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { CliError, type CliContext } from "./cli-context.ts";

/**
 * `db backup --out <file>`: an online copy of the SQLite database (SQLite's backup API through
 * better-sqlite3), safe while the service runs and writes: the copy is one consistent moment, WAL
 * included. It never overwrites a file, and it is mode 600 like the database (the CLI's umask).
 */
export async function dbCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { say } = ctx;
  const [sub, ...rest] = args;
  if (sub !== "backup") throw new CliError(say("ops.backup.usage"));
  const { values } = parseArgs({ args: rest, options: { out: { type: "string" } } });
  if (!values.out) throw new CliError(say("ops.backup.needOut"));
  const out = resolve(values.out);
  if (samePath(out, ctx.config.databaseFile)) throw new CliError(say("ops.backup.sameFile", { file: out }));
  if (existsSync(out)) throw new CliError(say("ops.backup.exists", { file: out }));
  const { totalPages } = await ctx.db.$client.backup(out);
  ctx.out(say("ops.backup.done", { file: out, size: statSync(out).size, pages: totalPages }));
  return 0;
}

/** Both paths name one file: compared after resolving symlinks of the folders (the backup file may not exist yet). */
function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    const dir = dirname(p);
    return resolve(existsSync(dir) ? realpathSync(dir) : dir, basename(p));
  };
  return real(a) === real(b);
}
