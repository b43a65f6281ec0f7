import { existsSync, readdirSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const copy = fileURLToPath(new URL("../../db/seed/plans/", import.meta.url));
const shared = fileURLToPath(new URL("../../../shared/seeds/", import.meta.url));

describe("the copy of the plan documents the repo ships (db/seed/plans)", () => {
  it.skipIf(!existsSync(shared))("is byte for byte the seeds in ../shared/seeds (copy them again when they change)", () => {
    const seeds = readdirSync(shared).filter((f) => f.endsWith(".txt")).sort();
    expect(readdirSync(copy).filter((f) => f.endsWith(".txt")).sort()).toEqual(seeds);
    for (const f of seeds) expect(readFileSync(`${copy}${f}`, "utf8"), f).toBe(readFileSync(`${shared}${f}`, "utf8"));
  });
});
