import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { runCli } from "../support/run-cli.ts";
import { repoRoot } from "../support/start-service.ts";

/** TRACK_FROM in the environment is the province's track-from date for the CLI too (as at the service's start). */
describe("TRACK_FROM from the environment", { timeout: 120_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-cli-track-env-"));
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it("is written as the province's date before the command runs, and plans list shows it", async () => {
    expect((await runCli(dataDir, ["catalogue", "import", join(repoRoot, "db/seed/plans/000_de3e58c86f8da385.txt"), "--plan", "52/KH-UBND"])).code).toBe(0);
    const list = await runCli(dataDir, ["plans", "list"], { TRACK_FROM: "2026-10-01" });
    expect(list).toMatchObject({ code: 0, stderr: "" });
    expect(list.stdout).toMatch(/52\/KH-UBND.*2026-10-01 \(của tỉnh\)/);
  });
});
