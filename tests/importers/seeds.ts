import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

/** The seed plan documents live beside the repository: /work/shared/seeds. */
const SEEDS = new URL("../../../shared/seeds/", import.meta.url);

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
