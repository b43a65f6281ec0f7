import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importCatalogue } from "../importers/import-catalogue.ts";
import { allCataloguesJson, catalogueJsonFromImport, type CatalogueJson } from "../services/catalogue-json.ts";
import { saveCatalogue } from "../services/save-catalogue.ts";
import { CliError, formatTable, type CliContext } from "./cli-context.ts";

export async function catalogueCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { plan: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" } },
  });
  if (sub === "import") {
    const file = positionals[0];
    if (!file) throw new CliError('Which file? Usage: catalogue import <file> [--plan "<number>"] [--dry-run] [--json]');
    const bytes = await readFile(file).catch(() => {
      throw new CliError(`Cannot read ${file}: check the path.`);
    });
    const catalogue = await importCatalogue({ bytes: new Uint8Array(bytes), text: isBinary(file) ? undefined : bytes.toString("utf8"), fileName: file, planNumber: values.plan });
    const json = catalogueJsonFromImport(catalogue, values.plan);
    if (catalogue.indicators.length === 0 && catalogue.tasks.length === 0) {
      // Saving it would create an empty plan, or empty the plan of that number: the file is wrong, not the plan.
      ctx.out(values.json ? JSON.stringify(json, null, 2) : summary(json, "nothing could be read, so nothing was saved"));
      return 1;
    }
    if (values["dry-run"]) {
      ctx.out(values.json ? JSON.stringify({ ...json, dryRun: true }, null, 2) : summary(json, "dry run: nothing saved"));
      return 0;
    }
    const saved = saveCatalogue(ctx.db, catalogue, { planNumber: values.plan, sourceFile: file, now: ctx.now() });
    if (values.json) {
      ctx.out(JSON.stringify({ ...json, plan: { ...json.plan, key: saved.plan.key }, problems: saved.problems, saved }, null, 2));
    } else {
      const changed = `indicators: ${count(saved.indicators)}; tasks: ${count(saved.tasks)}; assignments: ${saved.assignments.created} added, ${saved.assignments.removed} removed${saved.assignments.unitsCreated.length ? `; new units: ${saved.assignments.unitsCreated.join(", ")} (${saved.assignments.addedToOtherPlans} assignments added to other plans' groups)` : ""}`;
      ctx.out(summary({ ...json, problems: saved.problems }, `saved as plan "${saved.plan.key}" (${saved.plan.change}) — ${changed}`));
    }
    return 0;
  }
  if (sub === "list") {
    const catalogues = allCataloguesJson(ctx.db, values.plan);
    if (values.json) {
      ctx.out(JSON.stringify(catalogues, null, 2));
      return 0;
    }
    if (catalogues.length === 0) ctx.out(values.plan ? `No plan matches "${values.plan}".` : "No plans yet: import one with `catalogue import <file>`.");
    for (const c of catalogues) ctx.out(summary(c, `plan key "${c.plan.key}"`));
    return 0;
  }
  throw new CliError(`Unknown "catalogue ${sub ?? ""}": use "catalogue import <file>" or "catalogue list".`);
}

function summary(c: CatalogueJson, status: string): string {
  const header = `${c.plan.number || "(no number)"}${c.plan.date ? ` — ${c.plan.date}` : ""}${c.plan.issuer ? ` — ${c.plan.issuer}` : ""}\n${c.plan.title ?? ""}\n${status}`;
  const indicatorRows = c.indicators.map((i) => [
    i.code,
    i.name,
    i.unitOfMeasure ?? "",
    i.targets.map((t) => `${t.year}${t.level ? ` ${t.level}` : ""}: ${t.raw}`).join("; "),
    i.lead.join("; "),
    i.deadline?.raw ?? "",
    i.needsReview ? "REVIEW" : "",
  ]);
  const taskRows = c.tasks.map((t) => [t.code, t.name, t.lead.join("; "), t.deadline ? `${t.deadline.raw} (${t.deadline.parsed.kind})` : "", t.needsReview ? "REVIEW" : ""]);
  const parts = [header];
  if (indicatorRows.length) parts.push(`\n${indicatorRows.length} indicators\n${formatTable(["code", "name", "unit", "targets", "lead", "deadline", ""], indicatorRows)}`);
  if (taskRows.length) parts.push(`\n${taskRows.length} tasks\n${formatTable(["code", "name", "lead", "deadline", ""], taskRows)}`);
  parts.push(
    c.problems.length
      ? `\n${c.problems.length} problems\n${formatTable(["line", "severity", "problem"], c.problems.map((p) => [String(p.line), p.severity, p.message]))}`
      : "\nNo problems.",
  );
  return parts.join("\n");
}

function count(c: { created: number; updated: number; unchanged: number; removed: string[] }): string {
  return `${c.created} new, ${c.updated} updated, ${c.unchanged} unchanged, ${c.removed.length} removed`;
}

function isBinary(file: string): boolean {
  return /\.xlsx$/i.test(file);
}
