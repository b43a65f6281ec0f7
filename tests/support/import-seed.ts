import type { Db } from "../../db/client.ts";
import { importCatalogue } from "../../src/importers/import-catalogue.ts";
import { saveCatalogue, type SaveCatalogueResult } from "../../src/services/save-catalogue.ts";
import { readSeed } from "../importers/seeds.ts";

/** Reads a seed plan with the real importer and stores it, like `catalogue import`. */
export async function importSeed(db: Db, seed: "000" | "001" | "002" | "004", now: Date): Promise<SaveCatalogueResult> {
  const { text, fileName } = readSeed(seed);
  const catalogue = await importCatalogue({ text, fileName });
  return saveCatalogue(db, catalogue, { sourceFile: fileName, now });
}
