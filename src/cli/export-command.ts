import { createWriteStream, renameSync, rmSync } from "node:fs";
import { extname, resolve } from "node:path";
import { finished } from "node:stream/promises";
import { parseArgs } from "node:util";
import { createTranslator, locales, type Locale } from "../i18n/translator.ts";
import { checkExportRequest, ExportError, exportPlanWorkbook, exportReportsCsv } from "../services/export-reports.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/**
 * `export --plan "<number>" --period <key> --out <file.xlsx|file.csv>`: the same workbook and CSV as
 * GET /api/exports/*. Written beside the target and renamed at the end, so a failed run leaves no
 * half file behind.
 */
export async function exportCommand(ctx: CliContext, args: string[]): Promise<number> {
  try {
    return await run(ctx, args);
  } catch (e) {
    if (e instanceof ExportError) throw new CliError(e.reason ? ctx.say(e.reason.key, e.reason.params) : e.message);
    throw e;
  }
}

async function run(ctx: CliContext, args: string[]): Promise<number> {
  const { values } = parseArgs({ args, options: { plan: { type: "string" }, period: { type: "string" }, out: { type: "string" }, locale: { type: "string", default: "vi" } } });
  const { say } = ctx;
  if (!values.period || !values.out) throw new CliError(say("cli.export.error.need_options"));
  const format = extname(values.out).toLowerCase();
  if (format !== ".xlsx" && format !== ".csv") throw new CliError(say("cli.export.error.bad_out", { out: values.out }));
  if (format === ".xlsx" && !values.plan) throw new CliError(say("cli.export.error.need_plan"));
  if (!(locales as readonly string[]).includes(values.locale)) throw new CliError(say("cli.export.error.bad_locale", { locales: locales.join(", ") }));
  // Refused before the file is opened: a mistake leaves nothing behind.
  await checkExportRequest(ctx.db, { periodKey: values.period, ...(values.plan ? { plan: values.plan } : {}) });
  const target = resolve(values.out);
  const partial = `${target}.partial`;
  const out = createWriteStream(partial);
  const req = { periodKey: values.period, now: ctx.now(), locale: values.locale as Locale };
  const translator = createTranslator();
  try {
    if (format === ".xlsx") {
      const r = await exportPlanWorkbook(ctx.db, translator, { ...req, plan: values.plan! }, out);
      await finished(out);
      renameSync(partial, target);
      ctx.out(say("cli.export.wrote_workbook", { file: target, plan: r.plan.number || r.plan.key, period: values.period, rows: r.rows }));
    } else {
      const r = await exportReportsCsv(ctx.db, translator, { ...req, ...(values.plan ? { plan: values.plan } : {}) }, out);
      out.end();
      await finished(out);
      renameSync(partial, target);
      ctx.out(say("cli.export.wrote_csv", { file: target, period: values.period, rows: r.rows }));
    }
    return 0;
  } catch (e) {
    out.destroy();
    rmSync(partial, { force: true });
    throw e;
  }
}
