import { existsSync, realpathSync, statSync } from "node:fs";
import { basename, dirname, resolve } from "node:path";
import { parseArgs } from "node:util";
import { backupDatabase } from "../../db/client.ts";
import type { CopiedTable } from "../../db/copy-sqlite-to-postgres.ts";
import type { PgDb } from "../../db/pg-client.ts";
import { isPostgresUrl } from "../config.ts";
import { redactDatabaseUrl } from "../redact-database-url.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/**
 * `db backup --out <file>`: an online copy of the SQLite database (SQLite's backup API through
 * better-sqlite3), safe while the service runs and writes: the copy is one consistent moment, WAL
 * included. It never overwrites a file, and it is mode 600 like the database (the CLI's umask).
 */
export async function dbCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { say } = ctx;
  const [sub, ...rest] = args;
  if (sub === "copy") return copyCommand(ctx, rest);
  if (sub !== "backup") throw new CliError(say("ops.backup.usage"));
  const { values } = parseArgs({ args: rest, options: { out: { type: "string" } } });
  if (!values.out) throw new CliError(say("ops.backup.needOut"));
  const out = resolve(values.out);
  if (samePath(out, ctx.config.databaseFile)) throw new CliError(say("ops.backup.sameFile", { file: out }));
  if (existsSync(out)) throw new CliError(say("ops.backup.exists", { file: out }));
  const { totalPages } = await backupDatabase(ctx.db, out);
  ctx.out(say("ops.backup.done", { file: out, size: statSync(out).size, pages: totalPages }));
  return 0;
}

/**
 * `db copy [--from <sqlite file>] [--to <postgres url>]`: the province's SQLite database into an
 * empty PostgreSQL database (migrated first), in one transaction. A target that already holds rows
 * is refused, with no flag to force it: merging two sources, or copying twice, has no safe meaning.
 */
async function copyCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { say } = ctx;
  const { values } = parseArgs({ args, options: { from: { type: "string" }, to: { type: "string" } } });
  const from = resolve(values.from ?? ctx.config.databaseFile);
  const to = values.to ?? ctx.config.DATABASE_URL;
  if (!to) throw new CliError(say("ops.copy.needTo"));
  const shownTo = redactDatabaseUrl(to);
  if (!isPostgresUrl(to)) throw new CliError(say("ops.copy.badUrl", { to: shownTo }));
  if (!existsSync(from)) throw new CliError(say("ops.copy.noFile", { from }));
  ctx.out(say("ops.copy.start", { from, to: shownTo }));
  const started = performance.now();
  // pg and the copier load only for `db copy`: `db backup` works on the SQLite file alone.
  const [{ closePostgres, openPostgres }, { copySqliteToPostgres, CopyRefused }] = await Promise.all([
    import("../../db/pg-client.ts"),
    import("../../db/copy-sqlite-to-postgres.ts"),
  ]);
  let target: PgDb;
  try {
    target = await openPostgres(to, { max: 2 });
  } catch (err) {
    throw new CliError(say("ops.copy.cannotConnect", { to: shownTo, detail: connectionProblem(err) }));
  }
  let copied: CopiedTable[];
  try {
    copied = await copySqliteToPostgres(from, target);
  } catch (err) {
    if (err instanceof CopyRefused) throw new CliError(say(`ops.copy.${err.reason}`, { ...err.details, from, to: shownTo }));
    throw new CopyFailed(say("ops.copy.failed", { detail: connectionProblem(err), to: shownTo }), { cause: err });
  } finally {
    await closePostgres(target);
  }
  for (const c of copied) ctx.out(say("ops.copy.table", { table: c.table, rows: c.rows }));
  const rows = copied.reduce((sum, c) => sum + c.rows, 0);
  ctx.out(say("ops.copy.done", { rows, tables: copied.length, to: shownTo, seconds: ((performance.now() - started) / 1000).toFixed(1) }));
  return 0;
}

/** A copy that began and was rolled back: exit 1 (not a usage mistake), with the reason and no stack trace. */
export class CopyFailed extends Error {
  override name = "CopyFailed";
}

/** The driver's own words (refused, no such database, bad password), without a stack: what the operator can act on. */
function connectionProblem(err: unknown): string {
  const e = err as { code?: string; message?: string; errors?: { message?: string }[] };
  const message = e.message || e.errors?.map((x) => x.message).join("; ") || String(err);
  return e.code ? `${message} (${e.code})` : message;
}

/** Both paths name one file: compared after resolving symlinks of the folders (the backup file may not exist yet). */
function samePath(a: string, b: string): boolean {
  const real = (p: string) => {
    const dir = dirname(p);
    return resolve(existsSync(dir) ? realpathSync(dir) : dir, basename(p));
  };
  return real(a) === real(b);
}
