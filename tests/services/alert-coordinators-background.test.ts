import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { closeDatabase } from "../../db/client.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { fixedClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { alertCoordinatorsInBackground } from "../../src/services/alert-coordinators.ts";
import { tempDatabase } from "../support/temp-database.ts";

describe("coordinator alerts queued in the background", () => {
  it("logs a failure (the database closed at shutdown) instead of leaving an unhandled rejection", async () => {
    const t = tempDatabase();
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on("unhandledRejection", onRejection);
    try {
      const clock = fixedClock("2026-11-20T02:00:00Z");
      await loadDemoData(t.db, clock.now());
      await closeDatabase(t.db);
      const alert = alertCoordinatorsInBackground({ db: t.db, clock }, createLogger("info", stream));
      alert({ message: { key: "error.internal", params: { ref: "X" } }, incidentKey: "zalo-kicked:test", exceptChannel: "zalo" });
      // The queueing fails on the closed database; wait until its failure is logged.
      for (let i = 0; i < 1000 && !lines.some((l) => l.includes("coordinator alert not queued")); i++) await new Promise((r) => setImmediate(r));
      expect(lines.some((l) => l.includes("coordinator alert not queued") && l.includes("zalo-kicked:test"))).toBe(true);
      await new Promise((r) => setImmediate(r));
      expect(rejections).toEqual([]);
    } finally {
      process.off("unhandledRejection", onRejection);
      t.remove();
    }
  });
});
