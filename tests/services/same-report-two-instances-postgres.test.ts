import { asc, eq } from "drizzle-orm";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { inTransaction, type AppDb } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import * as s from "../../db/schema.ts";
import { reportFigure, type ReportFigure } from "../../src/services/reporting.ts";
import { postgresDatabases } from "../support/engines.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { waitUntilBlocked } from "../support/postgres-blocking.ts";

/**
 * Two instances (two pools on one database) saving the same report — same item, unit and period —
 * at the same moment: both saves land as revisions, in the order they committed, and neither fails.
 */
describe.skipIf(skipPostgres)("the same report saved by two instances at once, on PostgreSQL", { timeout: 120_000 }, () => {
  const postgres = postgresDatabases();
  const now = new Date("2026-11-20T03:00:00Z");

  async function twoInstances(): Promise<{ a: AppDb; b: AppDb; url: string; indicatorId: number; unitId: number; close: () => Promise<void> }> {
    const url = await postgres.freshUrl();
    const a = await openPostgresAppDb(url, { max: 3 });
    const b = await openPostgresAppDb(url, { max: 3 });
    const [plan] = await a.insert(s.plans).values({ key: "kh-1", number: "1/KH-UBND" }).returning({ id: s.plans.id });
    const [indicator] = await a
      .insert(s.indicators)
      .values({ planId: plan!.id, code: "1", name: "Tỷ lệ hồ sơ trực tuyến", nameKey: "ty le ho so truc tuyen", valueKind: "percent", direction: "higher", position: 1 })
      .returning({ id: s.indicators.id });
    const [unit] = await a.insert(s.units).values({ name: "Sở Nội vụ", key: "so noi vu", kind: "department" }).returning({ id: s.units.id });
    return { a, b, url, indicatorId: indicator!.id, unitId: unit!.id, close: async () => void (await Promise.all([a.$executor.close(), b.$executor.close()])) };
  }

  const figure = (indicatorId: number, unitId: number, value: number, ref: string): ReportFigure => ({
    subjectType: "indicator",
    subjectId: indicatorId,
    unitId,
    periodKey: "2026-11",
    valueNumber: value,
    valueText: null,
    taskStatus: null,
    note: null,
    evidence: [],
    personId: null,
    channel: "telegram",
    sourceRef: ref,
    now,
  });

  const revisionsOf = async (db: AppDb) =>
    await db.select({ revision: s.reportRevisions.revision, value: s.reportRevisions.valueNumber, ref: s.reportRevisions.sourceRef }).from(s.reportRevisions).orderBy(asc(s.reportRevisions.revision));

  it("the second save waits for the first one's commit on the unique report row, then lands on top of it as revision 2; the report shows the later value", async () => {
    const { a, b, url, indicatorId, unitId, close } = await twoInstances();
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    try {
      let releaseFirst!: () => void;
      const firstHeld = new Promise<void>((r) => (releaseFirst = r));
      let firstSaved!: () => void;
      const firstInserted = new Promise<void>((r) => (firstSaved = r));
      // Instance A has inserted the report row (revision 1) and not yet committed.
      const first = inTransaction(a, async () => {
        const saved = await reportFigure(a, figure(indicatorId, unitId, 61, "tg:1"));
        firstSaved();
        await firstHeld;
        return saved;
      });
      await firstInserted;
      // Instance B saves the same report meanwhile: it must wait for A's row, not fail on it.
      const second = reportFigure(b, figure(indicatorId, unitId, 62, "tg:2"));
      expect(await waitUntilBlocked(watcher), "instance B waits on A's report row").toBe(true);
      releaseFirst();
      expect(await first).toMatchObject({ revision: 1, duplicate: false });
      expect(await second).toMatchObject({ revision: 2, duplicate: false });

      expect(await revisionsOf(a)).toEqual([
        { revision: 1, value: 61, ref: "tg:1" },
        { revision: 2, value: 62, ref: "tg:2" },
      ]);
      const [row] = await b.select({ revision: s.reports.revision, value: s.reports.valueNumber, status: s.reports.figureStatus }).from(s.reports).where(eq(s.reports.unitId, unitId));
      expect(row).toEqual({ revision: 2, value: 62, status: "submitted" });
      const audit = await a.select({ action: s.auditLog.action }).from(s.auditLog).where(eq(s.auditLog.entity, "report")).orderBy(asc(s.auditLog.id));
      expect(audit.map((x) => x.action)).toEqual(["report.create", "report.correct"]);
    } finally {
      await watcher.end();
      await close();
    }
  });

  it("twenty saves of one report spread over two instances all at once: twenty revisions numbered 1 to 20, none lost, none refused", async () => {
    const { a, b, indicatorId, unitId, close } = await twoInstances();
    try {
      const saves = Array.from({ length: 20 }, (_, i) => reportFigure(i % 2 === 0 ? a : b, figure(indicatorId, unitId, 50 + i, `tg:${i}`)));
      const results = await Promise.all(saves);
      expect(results.map((r) => r.revision).sort((x, y) => x - y)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      const revisions = await revisionsOf(a);
      expect(revisions.map((r) => r.revision)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
      expect(new Set(revisions.map((r) => r.ref)).size).toBe(20);
      const [row] = await a.select({ revision: s.reports.revision, value: s.reports.valueNumber }).from(s.reports);
      const last = revisions.at(-1)!;
      expect(row).toEqual({ revision: 20, value: last.value });
    } finally {
      await close();
    }
  });
});
