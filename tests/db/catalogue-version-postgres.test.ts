import { describe, expect, it } from "vitest";
import { inTransaction } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { catalogueVersion } from "../../db/repositories/catalogue-version.ts";
import { units } from "../../db/schema.ts";
import { postgresDatabases } from "../support/engines.ts";
import { skipPostgres } from "../support/postgres-tests.ts";

/** The catalogue's stamp on a real PostgreSQL server, as two instances (two pools on one database) see it. */
describe.skipIf(skipPostgres)("catalogue version on PostgreSQL", { timeout: 120_000 }, () => {
  const postgres = postgresDatabases();

  it("stays while nothing is written; a write in one instance changes it in the other once committed, not before; a rollback never brings back a stamp", async () => {
    const url = await postgres.freshUrl();
    const a = await openPostgresAppDb(url, { max: 2 });
    const b = await openPostgresAppDb(url, { max: 2 });
    try {
      const start = await catalogueVersion(b);
      expect(await catalogueVersion(b)).toBe(start);
      expect(await catalogueVersion(a)).toBe(start);
      let inside = "";
      let seenByOtherMeanwhile = "";
      await inTransaction(a, async () => {
        await a.insert(units).values({ name: "Sở Y tế", kind: "department", key: "so y te" }).run();
        inside = await catalogueVersion(a);
        seenByOtherMeanwhile = await catalogueVersion(b);
      });
      expect(inside).not.toBe(start);
      expect(seenByOtherMeanwhile, "uncommitted: the other instance keeps the old stamp").toBe(start);
      const committed = await catalogueVersion(b);
      expect(committed).toBe(inside);

      let rolledBackStamp = "";
      await expect(
        inTransaction(a, async () => {
          await a.insert(units).values({ name: "Sở Nội vụ", kind: "department", key: "so noi vu" }).run();
          rolledBackStamp = await catalogueVersion(a);
          throw new Error("rolled back");
        }),
      ).rejects.toThrow("rolled back");
      expect(await catalogueVersion(b)).toBe(committed);
      await a.update(units).set({ name: "Sở Y tế tỉnh" }).run();
      const after = await catalogueVersion(b);
      expect([start, committed, rolledBackStamp]).not.toContain(after);
    } finally {
      await a.$executor.close();
      await b.$executor.close();
    }
  });
});
