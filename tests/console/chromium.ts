import { existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type BrowserContext } from "playwright-core";

/** Debian's chromium package: never a browser playwright downloads. */
export const chromiumPath = "/usr/bin/chromium";
/** Where the browser tests leave their screenshots and downloads (gitignored; the README names it). */
export const artifactDir = join(import.meta.dirname, "../../test-artifacts/console");

/**
 * Whether the browser tests can run. Without Chromium they are skipped with a line saying so,
 * except under CI=true, where a missing browser is a failure (.ci/run installs it).
 */
export function chromiumAvailable(): boolean {
  if (existsSync(chromiumPath)) return true;
  if (process.env.CI && process.env.CI !== "false") throw new Error(`${chromiumPath} is missing: CI must install Debian's chromium package (.ci/run does).`);
  console.log(`Browser tests skipped: ${chromiumPath} is not installed (apt-get install chromium; CI=true makes this a failure).`);
  return false;
}

/** A headless Chromium with a fresh profile, removed at close. */
export async function launchChromium(): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const profile = mkdtempSync(join(tmpdir(), "chitieu-chromium-"));
  mkdirSync(artifactDir, { recursive: true });
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: chromiumPath,
    headless: true,
    acceptDownloads: true,
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
    viewport: { width: 390, height: 844 },
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}
