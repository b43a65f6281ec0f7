import { inTransaction } from "../../db/client.ts";
import { afterEach, describe, expect, it } from "vitest";
import { closeDatabase } from "../../db/client.ts";
import { catalogueVersion } from "../../db/repositories/catalogue-version.ts";
import { units } from "../../db/schema.ts";
import { catalogueCache } from "../../src/services/catalogue-cache.ts";
import { tempDatabase } from "../support/temp-database.ts";

/** Values derived from the catalogue are kept across turns only while nobody changed it, here or elsewhere. */
describe("the catalogue cache and its version stamp", () => {
  let cleanup: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanup.reverse()) c();
    cleanup = [];
  });

  function start() {
    const t = tempDatabase();
    cleanup.push(t.remove);
    const cache = catalogueCache<string[]>();
    let computed = 0;
    const unitNames = (db = t.db) =>
      cache(db, "units", async () => {
        computed++;
        return (await db.select({ name: units.name }).from(units).all()).map((u) => u.name);
      });
    return { ...t, unitNames, computed: () => computed };
  }

  it("serves the cached value until a write through the same connection", async () => {
    const { db, unitNames, computed } = start();
    expect(await unitNames()).toEqual([]);
    expect(await unitNames()).toEqual([]);
    expect(computed()).toBe(1);
    await db.insert(units).values({ name: "Sở Tài chính", kind: "department", key: "so tai chinh" }).run();
    expect(await unitNames()).toEqual(["Sở Tài chính"]);
    expect(computed()).toBe(2);
  });

  it("keeps working when its first use was inside a transaction that rolled back (a failed chat turn)", async () => {
    const { db, unitNames, computed } = start();
    await expect(
      inTransaction(db, async () => {
        expect(await unitNames()).toEqual([]);
        throw new Error("the turn failed");
      }),
    ).rejects.toThrow("the turn failed");
    await db.insert(units).values({ name: "Sở Tài chính", kind: "department", key: "so tai chinh" }).run();
    expect(await unitNames()).toEqual(["Sở Tài chính"]);
    expect(await unitNames()).toEqual(["Sở Tài chính"]);
    expect(computed()).toBe(2);
    await db.insert(units).values({ name: "Sở Y tế", kind: "department", key: "so y te" }).run();
    expect(await unitNames()).toEqual(["Sở Tài chính", "Sở Y tế"]);
  });

  it("sees a commit by another connection (the CLI in another process)", async () => {
    const { db, dir, unitNames } = start();
    expect(await unitNames()).toEqual([]);
    // The same database through a second connection: tempDatabase reopens what the folder holds (the SQLite file, or the PostgreSQL database's name).
    const other = tempDatabase(dir).db;
    cleanup.push(() => closeDatabase(other));
    await other.insert(units).values({ name: "Sở Y tế", kind: "department", key: "so y te" }).run();
    expect(await unitNames(db)).toEqual(["Sở Y tế"]);
  });

  it("never serves, after a rollback, what was read from the rolled-back rows", async () => {
    const { db, unitNames } = start();
    const before = await catalogueVersion(db);
    await expect(
      inTransaction(db, async () => {
        await db.insert(units).values({ name: "Sở Nội vụ", kind: "department", key: "so noi vu" }).run();
        expect(await unitNames()).toEqual(["Sở Nội vụ"]);
        throw new Error("rolled back");
      }),
    ).rejects.toThrow("rolled back");
    expect(await catalogueVersion(db)).toBe(before);
    expect(await unitNames()).toEqual([]);
  });
});
