/**
 * npm run bench:console
 *
 * The console's overview page (src/console/pages/overview-page.ts: the read model for the period,
 * the unit × period heat table, the HTML) rendered for a coordinator, whose view is the whole
 * province, over a province of 1,000,000 reports (bench/support/generate-province.ts). Server time
 * only: the function the route calls, without the network. Beside it, in the same run: the same
 * over a province of 20,000 reports, and a bare `select 1` round trip.
 *
 * Target (issue 15): the overview of a province-period (a month) ≤ 200 ms at 1,000,000 reports.
 * The quarter and the year (the page's default period) are printed too.
 */
import { pingDatabase } from "../db/client.ts";
import { overviewPage } from "../src/console/pages/overview-page.ts";
import { viewTranslator, type ConsoleView } from "../src/console/console-view.ts";
import { createTranslator } from "../src/i18n/translator.ts";
import { openProvince } from "./support/generate-province.ts";
import { fmt, measure } from "./support/measure.ts";

const TARGET_MS = 200;
const RUNS = 7;
const PERIODS = ["2026-10", "2026-Q3", "2026"] as const;

const translator = createTranslator("vi");
const view: ConsoleView = {
  locale: "vi",
  ...viewTranslator(translator, "vi"),
  person: { id: 0, name: "Điều phối", locale: "vi", unitId: null, deactivatedAt: null, roles: ["coordinator"] },
  csrf: "bench",
  unitIds: null,
  canBroadcast: true,
  isAdmin: false,
  approvals: false,
};

const results = (await Promise.all([20_000, 1_000_000].map(async (reports) => {
  const p = await openProvince(reports === 20_000 ? { reports, fromYear: 2026 } : { reports });
  const { db, province } = p;
  const now = new Date(province.now);
  const timings = (await Promise.all(PERIODS.map(async (periodKey) => {
    const bytes = (await overviewPage(db, view, periodKey, now)).length;
    return { periodKey, bytes, timing: await measure(() => overviewPage(db, view, periodKey, now), RUNS, 1) };
  })));
  const ping = await measure(() => pingDatabase(db), 200, 20);
  await p.close();
  return { reports, province, timings, ping };
})));

console.log(`bench:console — the console overview for a coordinator (whole province), server time, median of ${RUNS} runs`);
for (const r of results) {
  console.log(`  ${r.reports.toLocaleString("en").padStart(9)} reports (${r.province.assignments.toLocaleString("en")} assignments, ${r.province.units} units)`);
  console.log(`    select 1 round trip          ${fmt(r.ping)}`);
  for (const t of r.timings) console.log(`    overview of ${t.periodKey.padEnd(8)}         ${fmt(t.timing)}  (${(t.bytes / 1024).toFixed(0)} KiB of HTML)`);
}
const month = results[1]!.timings[0]!;
const pass = month.timing.median <= TARGET_MS;
console.log(`${pass ? "PASS" : "FAIL"}: overview of ${month.periodKey} at 1,000,000 reports, median ${month.timing.median.toFixed(1)} ms (target ≤ ${TARGET_MS} ms)`);
process.exit(pass ? 0 : 1);
