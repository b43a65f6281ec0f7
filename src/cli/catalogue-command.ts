import { readFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { importCatalogue } from "../importers/import-catalogue.ts";
import { problemMessage } from "../importers/problem-message.ts";
import { allCataloguesJson, catalogueJsonFromImport, type CatalogueJson } from "../services/catalogue-json.ts";
import { importPlanFile } from "../services/import-plan-file.ts";
import { removePlan, renumberPlan } from "../services/manage-plans.ts";
import { keepPlanFile } from "../services/plan-files.ts";
import { saveCatalogue, type ChangeCounts } from "../services/save-catalogue.ts";
import { CliError, formatTable, type CliContext, type Say } from "./cli-context.ts";

const cliActor = { personId: null, name: "cli" };

export async function catalogueCommand(ctx: CliContext, args: string[]): Promise<number> {
  const [sub, ...rest] = args;
  const { values, positionals } = parseArgs({
    args: rest,
    allowPositionals: true,
    options: { plan: { type: "string" }, number: { type: "string" }, "dry-run": { type: "boolean" }, json: { type: "boolean" }, yes: { type: "boolean" } },
  });
  const { say } = ctx;
  if (sub === "import") {
    const file = positionals[0];
    if (!file) throw new CliError(say("cli.error.needFile", { usage: say("cli.usage.catalogueImport") }));
    const bytes = await readFile(file).catch(() => {
      throw new CliError(say("cli.error.cannotRead", { file }));
    });
    const catalogue = await importCatalogue({ bytes: new Uint8Array(bytes), fileName: file, planNumber: values.plan });
    const json = catalogueJsonFromImport(catalogue, (m) => say(m.key, m.params), values.plan);
    if (catalogue.indicators.length === 0 && catalogue.tasks.length === 0) {
      // Saving it would create an empty plan, or empty the plan of that number: the file is wrong, not the plan.
      ctx.out(values.json ? JSON.stringify(json, null, 2) : summary(say, json, say("cli.catalogue.nothingRead")));
      return 1;
    }
    if (values["dry-run"]) {
      ctx.out(values.json ? JSON.stringify({ ...json, dryRun: true }, null, 2) : summary(say, json, say("cli.catalogue.dryRun")));
      return 0;
    }
    const kept = await keepPlanFile(ctx.db, ctx.config.DATA_DIR, { bytes: new Uint8Array(bytes), fileName: file }, cliActor, ctx.now());
    const result = await importPlanFile(ctx.db, { catalogue, fileName: file, ...(values.plan ? { planNumber: values.plan } : {}), mode: "save", confirmRemoval: values.yes === true, fileId: kept.id, actor: cliActor, now: ctx.now() });
    if (result.type === "removal_unconfirmed") {
      // A sample or another plan carrying the same number once emptied a real plan: removal is never silent.
      process.stderr.write(`${say("cli.catalogue.refuseRemoval", { count: result.diff.removed.length, key: result.diff.key, codes: result.diff.removed.join(", ") })}\n`);
      return 1;
    }
    if (result.type !== "saved") return 1;
    const saved = result.saved;
    if (result.diff.numbering && !values.json) ctx.out(say("cli.catalogue.renumberedOnImport", { from: result.diff.numbering, number: saved.plan.number }));
    if (values.json) {
      ctx.out(JSON.stringify({ ...json, plan: { ...json.plan, key: saved.plan.key }, problems: saved.problems, saved }, null, 2));
    } else {
      const newUnits = saved.assignments.unitsCreated.length
        ? say("cli.catalogue.newUnits", { units: saved.assignments.unitsCreated.join(", "), other: saved.assignments.addedToOtherPlans })
        : "";
      const details =
        say("cli.catalogue.details", { indicators: counts(say, saved.indicators), tasks: counts(say, saved.tasks), added: saved.assignments.created, removed: saved.assignments.removed }) + newUnits;
      ctx.out(summary(say, { ...json, problems: saved.problems }, say("cli.catalogue.saved", { key: saved.plan.key, change: say(`cli.catalogue.change.${saved.plan.change}`), details })));
    }
    return 0;
  }
  if (sub === "list") {
    const catalogues = await allCataloguesJson(ctx.db, (m) => say(m.key, m.params), values.plan);
    if (values.json) {
      ctx.out(JSON.stringify(catalogues, null, 2));
      return 0;
    }
    if (catalogues.length === 0) ctx.out(values.plan ? say("cli.catalogue.noMatch", { plan: values.plan }) : say("cli.catalogue.none"));
    for (const c of catalogues) ctx.out(summary(say, c, say("cli.catalogue.planKey", { key: c.plan.key ?? "" })));
    return 0;
  }
  if (sub === "remove") {
    if (!values.plan) throw new CliError(say("cli.error.needOptions", { command: "catalogue remove", options: "--plan" }));
    const removal = await removePlan(ctx.db, values.plan, { confirm: values.yes === true, actor: cliActor, now: ctx.now() });
    if (!removal) throw new CliError(say("cli.catalogue.noPlan", { plan: values.plan }));
    const params = { number: removal.plan.number || removal.plan.key, key: removal.plan.key, ...removal.contents };
    if (!removal.removed) {
      process.stderr.write(`${say("cli.catalogue.removePreview", params)}\n`);
      return 1;
    }
    ctx.out(say("cli.catalogue.removed", params));
    return 0;
  }
  if (sub === "renumber") {
    if (!values.plan || !values.number) throw new CliError(say("cli.error.needOptions", { command: "catalogue renumber", options: "--plan, --number" }));
    const r = await renumberPlan(ctx.db, values.plan, values.number, cliActor, ctx.now());
    if (!r.ok && r.reason === "no_plan") throw new CliError(say("cli.catalogue.noPlan", { plan: values.plan }));
    if (!r.ok) throw new CliError(say("cli.catalogue.numberTaken", { number: values.number, key: r.reason === "taken" ? r.other.key : "" }));
    ctx.out(say("cli.catalogue.renumbered", { from: r.from, number: r.plan.number, key: r.plan.key }));
    return 0;
  }
  throw new CliError(say("cli.error.unknownSub", { command: "catalogue", sub: sub ?? "", choices: "import, list, remove, renumber" }));
}

function summary(say: Say, c: CatalogueJson, status: string): string {
  const col = (name: string) => say(`cli.catalogue.columns.${name}`);
  const header = `${c.plan.number || say("cli.catalogue.noNumber")}${c.plan.date ? ` — ${c.plan.date}` : ""}${c.plan.issuer ? ` — ${c.plan.issuer}` : ""}\n${c.plan.title ?? ""}\n${status}`;
  const review = say("cli.catalogue.review");
  const indicatorRows = c.indicators.map((i) => [
    i.code,
    i.name,
    i.unitOfMeasure ?? "",
    i.targets.map((t) => `${t.year}${t.level ? ` ${t.level}` : ""}: ${t.raw}`).join("; "),
    i.lead.join("; "),
    i.deadline?.raw ?? "",
    i.needsReview ? review : "",
  ]);
  const taskRows = c.tasks.map((t) => [t.code, t.name, t.lead.join("; "), t.deadline ? `${t.deadline.raw} (${t.deadline.parsed.kind})` : "", t.needsReview ? review : ""]);
  const parts = [header];
  if (indicatorRows.length) {
    parts.push(`\n${say("cli.catalogue.indicators", { count: indicatorRows.length })}\n${formatTable(["code", "name", "unit", "targets", "lead", "deadline", ""].map((h) => (h ? col(h) : "")), indicatorRows)}`);
  }
  if (taskRows.length) parts.push(`\n${say("cli.catalogue.tasks", { count: taskRows.length })}\n${formatTable(["code", "name", "lead", "deadline", ""].map((h) => (h ? col(h) : "")), taskRows)}`);
  parts.push(
    c.problems.length
      ? `\n${say("cli.catalogue.problems", { count: c.problems.length })}\n${formatTable(
          [col("line"), col("severity"), col("problem")],
          c.problems.map((p) => [String(p.line), say(`cli.catalogue.severity.${p.severity}`), problemMessage((m) => say(m.key, m.params), p)]),
        )}`
      : `\n${say("cli.catalogue.noProblems")}`,
  );
  return parts.join("\n");
}

function counts(say: Say, c: ChangeCounts): string {
  return say("cli.catalogue.counts", { created: c.created, updated: c.updated, unchanged: c.unchanged, removed: c.removed.length });
}
