/**
 * Regenerates db/seed/catalogue/*.json from the plan documents in db/seed/plans (a copy of ../shared/seeds) with the real
 * importer. Run `npm run demo:build`, then review the diff: the JSON is what `npm start` loads.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import type { DemoCatalogueFile } from "./load-demo-data.ts";

const here = dirname(fileURLToPath(import.meta.url));
const seeds = resolve(here, "plans");

/** Plans whose documents leave the number blank get a descriptive one, so people can name them. */
const demoPlans: { file: string; out: string; planNumber?: string }[] = [
  { file: "000_de3e58c86f8da385.txt", out: "1-kh-52-ubnd.json" },
  { file: "001_8750eb6a39ed0c07.txt", out: "2-kh-30-skhcn.json" },
  { file: "002_38904106135b1d27.txt", out: "3-kh-danh-gia-2026.json", planNumber: "KH đánh giá KH,CN&ĐMST 2026" },
  { file: "004_c4fb2f6b96d432ca.txt", out: "4-kh-qd-11-2026.json", planNumber: "KH triển khai QĐ 11/QĐ-BCĐCP" },
];

/**
 * Review fixes: where a seed's extraction broke a word across a page ("doanh" / "ngành" in seed 002
 * III.10), the demo uses what the plan evidently says. Each fix names the item and the cell.
 */
const reviewFixes: { file: string; code: string; cell: "lead" | "coordinating" | "monitoring"; from: string; to: string }[] = [
  { file: "002_38904106135b1d27.txt", code: "III.10", cell: "coordinating", from: "doanh ngành", to: "doanh nghiệp" },
];

export interface DemoCatalogueOutput {
  /** File name under db/seed/catalogue. */
  out: string;
  file: DemoCatalogueFile;
  /** The file's text exactly as the script writes it. */
  text: string;
}

/** What `npm run demo:build` would write now, without writing it. */
export async function buildDemoCatalogues(): Promise<DemoCatalogueOutput[]> {
  const outputs: DemoCatalogueOutput[] = [];
  for (const plan of demoPlans) {
    const text = readFileSync(join(seeds, plan.file), "utf8");
    const catalogue = await importCatalogue({ text, fileName: plan.file, ...(plan.planNumber ? { planNumber: plan.planNumber } : {}) });
    for (const fix of reviewFixes.filter((f) => f.file === plan.file)) {
      const item = catalogue.indicators.find((i) => i.code === fix.code);
      const cell = item?.[fix.cell];
      const at = cell?.indexOf(fix.from) ?? -1;
      if (!cell || at < 0) throw new Error(`Review fix for ${fix.file} ${fix.code}: "${fix.from}" is no longer in ${fix.cell}; check the importer output and drop or update the fix.`);
      cell[at] = fix.to;
    }
    const file: DemoCatalogueFile = { source: plan.file, planNumber: plan.planNumber ?? catalogue.plan.number, catalogue };
    outputs.push({ out: plan.out, file, text: `${JSON.stringify(file, null, 1)}\n` });
  }
  return outputs;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  for (const { out, file, text } of await buildDemoCatalogues()) {
    writeFileSync(join(here, "catalogue", out), text);
    const c = file.catalogue;
    process.stdout.write(`${out}: ${c.indicators.length} indicators, ${c.tasks.length} tasks, ${c.problems.length} problems\n`);
  }
}
