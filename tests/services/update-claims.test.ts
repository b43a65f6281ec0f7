import { inTransaction } from "../../db/client.ts";
import { afterEach, describe, expect, it } from "vitest";
import { processedUpdates } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { createUpdateClaims } from "../../src/services/update-claims.ts";
import { tempDatabase } from "../support/temp-database.ts";

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("update claims: refused twice, recorded with the turn or when the adapter is done", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  function start() {
    const t = tempDatabase();
    remove = t.remove;
    const claims = createUpdateClaims(t.db, fixedClock("2026-11-20T02:00:00Z"), createLogger("silent"));
    const recorded = async () => (await t.db.select().from(processedUpdates).all()).map((r) => `${r.channel}:${r.updateId}`).sort();
    return { db: t.db, claims, recorded };
  }

  it("refuses a redelivery while the first claim is still in memory, and after it is on disk", async () => {
    const { claims, recorded } = start();
    expect(await claims.claim("telegram", "7")).toBe(true);
    expect(await claims.claim("telegram", "7")).toBe(false);
    expect(await claims.claim("zalo", "7")).toBe(true);
    await claims.finish("telegram", "7");
    await claims.finish("zalo", "7");
    expect(await recorded()).toEqual(["telegram:7", "zalo:7"]);
    expect(await claims.claim("telegram", "7")).toBe(false);
  });

  it("writes only the turn's own claim inside its transaction: an update queued behind it stays unrecorded", async () => {
    const { db, claims, recorded } = start();
    await claims.claim("telegram", "8");
    await claims.claim("telegram", "9");
    const taken = await inTransaction(db, async () => claims.writeClaimOf("telegram:8"));
    claims.settle(taken);
    expect(taken?.updateId).toBe("8");
    await nextTick();
    expect(await recorded()).toEqual(["telegram:8"]);
    await claims.finish("telegram", "8");
    expect(await recorded()).toEqual(["telegram:8"]);
    expect(await claims.claim("telegram", "9")).toBe(false);
  });

  it("records the claim of a turn that failed (rolled back) once the adapter is done with it", async () => {
    const { db, claims, recorded } = start();
    await claims.claim("telegram", "10");
    await expect(
      inTransaction(db, async () => {
        await claims.writeClaimOf("telegram:10");
        throw new Error("the turn failed");
      }),
    ).rejects.toThrow("the turn failed");
    await nextTick();
    expect(await recorded()).toEqual([]);
    await claims.finish("telegram", "10");
    expect(await recorded()).toEqual(["telegram:10"]);
  });

  it("forgets a claim never finished when the process dies: nothing was recorded, so a redelivery is handled", async () => {
    const first = start();
    await first.claims.claim("telegram", "11");
    const again = createUpdateClaims(first.db, fixedClock("2026-11-20T02:00:00Z"), createLogger("silent"));
    expect(await again.claim("telegram", "11")).toBe(true);
  });
});
