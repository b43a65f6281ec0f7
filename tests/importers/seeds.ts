import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/**
 * The seed plan documents, as the copy the repo ships (db/seed/plans, kept equal to
 * ../shared/seeds by tests/services/seed-copy.test.ts), so the tests do not depend on a folder beside the clone.
 */
const SEEDS = new URL("../../db/seed/plans/", import.meta.url);

export function readSeed(prefix: "000" | "001" | "002" | "004"): { text: string; fileName: string } {
  const names: Record<typeof prefix, string> = {
    "000": "000_de3e58c86f8da385.txt",
    "001": "001_8750eb6a39ed0c07.txt",
    "002": "002_38904106135b1d27.txt",
    "004": "004_c4fb2f6b96d432ca.txt",
  };
  const fileName = names[prefix];
  return { text: readFileSync(fileURLToPath(new URL(fileName, SEEDS)), "utf8"), fileName };
}

export function readFixture(name: string): string {
  return readFileSync(fileURLToPath(new URL(`../fixtures/${name}`, import.meta.url)), "utf8");
}
