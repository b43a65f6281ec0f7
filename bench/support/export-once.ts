/**
 * One plan workbook exported by a fresh process, as the server or the CLI would: the bench runs it
 * as a child (`node --import tsx bench/support/export-once.ts <db> <plan> <period> <now> <out>`) and
 * reads one JSON line back — wall and CPU time, the kernel's high-water mark of resident memory
 * (ru_maxrss: the true peak, nothing missed between samples, and none of the bench's own seeding
 * in it), and the RSS once the modules were loaded, before the export.
 */
import { createWriteStream } from "node:fs";
import { finished } from "node:stream/promises";
import { closeDatabase, openDatabase } from "../../db/client.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { exportPlanWorkbook } from "../../src/services/export-reports.ts";

const [dbFile, plan, periodKey, now, outFile] = process.argv.slice(2) as [string, string, string, string, string];
const db = openDatabase(dbFile);
const translator = createTranslator();
const rssBefore = process.memoryUsage().rss;
const c0 = process.cpuUsage();
const t0 = performance.now();
const out = createWriteStream(outFile);
const { rows } = await exportPlanWorkbook(db, translator, { plan, periodKey, now: new Date(now) }, out);
await finished(out);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
await closeDatabase(db);
console.log(JSON.stringify({ rows, ms, cpuMs: (cpu.user + cpu.system) / 1000, maxRssMb: (process.resourceUsage().maxRSS * 1024) / 1e6, rssBeforeMb: rssBefore / 1e6 }));
