import { afterEach, describe, expect, it } from "vitest";
import { processedUpdates } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { createUpdateClaims } from "../../src/services/update-claims.ts";
import { tempDatabase } from "../support/temp-database.ts";

const nextTick = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("update claims: refused twice, recorded with the turn or right after it", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  function start() {
    const t = tempDatabase();
    remove = t.remove;
    const claims = createUpdateClaims(t.db, fixedClock("2026-11-20T02:00:00Z"), createLogger("silent"));
    const recorded = () => t.db.select().from(processedUpdates).all().map((r) => `${r.channel}:${r.updateId}`).sort();
    return { db: t.db, claims, recorded };
  }

  it("refuses a redelivery while the first claim is still in memory, and after it is on disk", async () => {
    const { claims, recorded } = start();
    expect(claims.claim("telegram", "7")).toBe(true);
    expect(claims.claim("telegram", "7")).toBe(false);
    expect(claims.claim("zalo", "7")).toBe(true);
    await nextTick();
    expect(recorded()).toEqual(["telegram:7", "zalo:7"]);
    expect(claims.claim("telegram", "7")).toBe(false);
  });

  it("writes pending claims inside a turn's transaction, so nothing is left for the flush", async () => {
    const { claims, recorded } = start();
    claims.claim("telegram", "8");
    const taken = claims.writePending();
    expect(taken.map((c) => c.updateId)).toEqual(["8"]);
    claims.settle(taken);
    expect(recorded()).toEqual(["telegram:8"]);
    await nextTick();
    expect(recorded()).toEqual(["telegram:8"]);
    expect(claims.claim("telegram", "8")).toBe(false);
  });

  it("records the claim of a turn that failed (rolled back) on its own right after", async () => {
    const { db, claims, recorded } = start();
    claims.claim("telegram", "9");
    expect(() =>
      db.transaction(() => {
        claims.writePending();
        throw new Error("the turn failed");
      }),
    ).toThrow("the turn failed");
    expect(recorded()).toEqual([]);
    await nextTick();
    expect(recorded()).toEqual(["telegram:9"]);
  });
});
