/**
 * npx tsx scripts/check-workbook-in-libreoffice.ts <file.xlsx>…
 *
 * Opens exported workbooks in a real spreadsheet program: LibreOffice (`soffice --headless`) converts
 * every sheet of each workbook to CSV, and this prints, per sheet, its name, its number of lines and
 * its first lines — so a workbook LibreOffice cannot read, or a sheet that comes out empty, shows.
 * Exits 1 when a workbook gives no sheet or an empty one. Where soffice is not installed it says so
 * and exits 0 (it is no dependency of the project or of CI: `apt-get install -y
 * --no-install-recommends libreoffice-calc-nogui` to have it).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";

// CSV, comma, double quotes, UTF-8 (76), from line 1, cells as shown (their number formats applied), every sheet to a file of its own (-1; LibreOffice ≥ 7.2).
const CSV_FILTER = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,false,true,false,false,-1";
const SHOWN_LINES = 4;

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: npx tsx scripts/check-workbook-in-libreoffice.ts <file.xlsx>…");
  process.exit(2);
}
const soffice = findSoffice();
if (!soffice) {
  console.log("soffice (LibreOffice) is not installed: nothing checked.");
  process.exit(0);
}
const dir = mkdtempSync(join(tmpdir(), "chitieu-libreoffice-"));
let ok = true;
try {
  for (const file of files) {
    const out = join(dir, basename(file, ".xlsx"));
    // A profile of its own: a first run makes one, and a running LibreOffice's would lock it.
    execFileSync(soffice, ["--headless", `-env:UserInstallation=file://${join(dir, "profile")}`, "--convert-to", CSV_FILTER, "--outdir", out, file], { stdio: "pipe", timeout: 300_000 });
    const sheets = readdirSync(out).filter((f) => f.endsWith(".csv")).sort();
    console.log(`${file}: ${sheets.length} sheet(s) as LibreOffice reads them`);
    if (sheets.length === 0) ok = false;
    for (const sheet of sheets) {
      const lines = readFileSync(join(out, sheet), "utf8").split("\n").filter((l) => l.replace(/,/g, "").trim() !== "");
      console.log(`  ${sheet.slice(basename(file, ".xlsx").length + 1, -4)}: ${lines.length} line(s)`);
      for (const line of lines.slice(0, SHOWN_LINES)) console.log(`    ${line.length > 160 ? `${line.slice(0, 160)}…` : line}`);
      if (lines.length === 0) ok = false;
    }
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
process.exit(ok ? 0 : 1);

function findSoffice(): string | undefined {
  for (const name of ["soffice", "libreoffice"]) {
    try {
      return execFileSync("sh", ["-c", `command -v ${name}`], { encoding: "utf8" }).trim() || undefined;
    } catch {
      // not on PATH
    }
  }
  return undefined;
}
