import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { closePostgres, openPostgres, pingPostgres, type PgDb } from "../../db/pg-client.ts";
import * as pgSchema from "../../db/schema-pg.ts";
import { startPostgres, type PostgresServer } from "../support/postgres-server.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { schemaShapes } from "../support/schema-shape.ts";

describe.skipIf(skipPostgres)("PostgreSQL: a throwaway server and the migrations", { timeout: 120_000 }, () => {
  let server: PostgresServer;
  let db: PgDb;
  let url: string;
  beforeAll(async () => {
    server = await startPostgres();
    process.stdout.write(`PostgreSQL test cluster: initdb + start in ${server.startMs} ms on port ${server.port}\n`);
    url = await server.createDatabase("migrations_test");
    db = await openPostgres(url);
  }, 120_000);
  afterAll(async () => {
    if (db) await closePostgres(db);
    await server?.stop();
  });

  it("applies every migration to an empty database and answers a ping", async () => {
    expect(await pingPostgres(db)).toBe(true);
    const tables = await db.$client.query<{ table_name: string }>("select table_name from information_schema.tables where table_schema = 'public' order by 1");
    const expected = Object.values(pgSchema)
      .filter((v) => typeof v === "object" && v !== null && Symbol.for("drizzle:IsDrizzleTable") in v)
      .map((t) => (t as unknown as Record<symbol, string>)[Symbol.for("drizzle:Name")])
      .sort();
    expect(tables.rows.map((r) => r.table_name)).toEqual(expected);
  });

  it("creates every column and index that db/schema-pg.ts declares (migrations generated after the last schema change)", async () => {
    const declared = [...schemaShapes(pgSchema).values()];
    const columns = await db.$client.query<{ table_name: string; column_name: string; is_nullable: string }>(
      "select table_name, column_name, is_nullable from information_schema.columns where table_schema = 'public'",
    );
    const inDatabase = columns.rows.map((r) => `${r.table_name}.${r.column_name}${r.is_nullable === "NO" ? " not null" : ""}`).sort();
    const inSchema = declared.flatMap((t) => Object.values(t.columns).map((c) => `${t.name}.${c.name}${c.notNull ? " not null" : ""}`)).sort();
    expect(inDatabase, "run npm run db:generate:pg after changing db/schema-pg.ts").toEqual(inSchema);
    const indexes = await db.$client.query<{ indexname: string }>("select indexname from pg_indexes where schemaname = 'public'");
    const indexNames = new Set(indexes.rows.map((r) => r.indexname));
    for (const name of declared.flatMap((t) => t.indexes.map((i) => i.name))) expect(indexNames, `index ${name}`).toContain(name);
  });

  it("compresses the three JSON text columns a reminder tick writes with lz4 when the server has it (0014), pglz otherwise", async () => {
    const lz4 = (await db.$client.query("select 1 from pg_settings where name = 'default_toast_compression' and 'lz4' = any (enumvals)")).rowCount === 1;
    const columns = await db.$client.query<{ col: string; compression: string }>(
      `select c.relname || '.' || a.attname as col, a.attcompression as compression from pg_attribute a join pg_class c on c.oid = a.attrelid
       where (c.relname, a.attname) in (('outbox', 'payload'), ('reminder_deliveries', 'lines'), ('conversation_states', 'session'), ('reports', 'note')) order by 1`,
    );
    // 'l' is lz4; '' is the server's default (pglz), as every other column keeps.
    expect(Object.fromEntries(columns.rows.map((r) => [r.col, r.compression]))).toEqual({
      "conversation_states.session": lz4 ? "l" : "",
      "outbox.payload": lz4 ? "l" : "",
      "reminder_deliveries.lines": lz4 ? "l" : "",
      "reports.note": "",
    });
    // Debian's and the official images' servers are built with lz4: on them the migration must have done its work.
    expect(lz4, "this PostgreSQL server has no lz4").toBe(true);
  });

  it("opens an already migrated database again without applying anything twice", async () => {
    const again = await openPostgres(url);
    try {
      const applied = await again.$client.query<{ n: string }>("select count(*) as n from drizzle.__drizzle_migrations");
      expect(Number(applied.rows[0]?.n)).toBeGreaterThan(0);
      const [before] = (await again.$client.query("select count(*) as n from drizzle.__drizzle_migrations")).rows;
      await closePostgres(await openPostgres(url));
      const [after] = (await again.$client.query("select count(*) as n from drizzle.__drizzle_migrations")).rows;
      expect(after).toEqual(before);
    } finally {
      await closePostgres(again);
    }
  });

  it("writes and reads back rows through Drizzle with the JS types of the SQLite schema", async () => {
    const [plan] = await db.insert(pgSchema.plans).values({ key: "kh-123", number: "123/KH-UBND", problems: [{ line: 3 }] }).returning();
    expect(plan).toMatchObject({ id: 1, key: "kh-123", problems: [{ line: 3 }], updatedAt: null });
    expect(plan?.createdAt).toBeInstanceOf(Date);

    const [unit] = await db.insert(pgSchema.units).values({ name: "Sở Khoa học và Công nghệ", key: "so khoa hoc va cong nghe", kind: "department" }).returning();
    const due = new Date("2026-12-31T09:00:00.123Z");
    const [indicator] = await db
      .insert(pgSchema.indicators)
      .values({ planId: plan!.id, code: "I.1", name: "Tỷ lệ hồ sơ trực tuyến", nameKey: "ty le ho so truc tuyen", valueKind: "percent", direction: "higher", lead: ["Sở KH&CN"], dueAt: due, needsReview: true })
      .returning();
    const [report] = await db
      .insert(pgSchema.reports)
      .values({ subjectKey: `i:${indicator!.id}`, indicatorId: indicator!.id, unitId: unit!.id, periodKey: "2026-Q4", revision: 1, valueNumber: 72.5, channel: "telegram", updatedAt: due })
      .returning();
    await db.insert(pgSchema.reportRevisions).values({ reportId: report!.id, revision: 1, valueNumber: 72.5, channel: "telegram", sourceRef: "telegram:1" });

    const read = await db.query.indicators.findFirst({ where: eq(pgSchema.indicators.id, indicator!.id) });
    expect(read).toMatchObject({ lead: ["Sở KH&CN"], coordinating: [], needsReview: true, dueAt: due, position: 0 });
    const revisions = await db.select().from(pgSchema.reportRevisions).where(eq(pgSchema.reportRevisions.reportId, report!.id));
    expect(revisions).toEqual([expect.objectContaining({ revision: 1, valueNumber: 72.5, sourceRef: "telegram:1" })]);
    await expect(db.insert(pgSchema.reportRevisions).values({ reportId: report!.id, revision: 2, channel: "telegram", sourceRef: "telegram:1" })).rejects.toMatchObject({
      cause: { code: "23505", constraint: "report_revisions_source_ref_unique" },
    });
  });

  it("keeps the rule that an assignment has exactly one subject", async () => {
    const [unit] = await db.insert(pgSchema.units).values({ name: "UBND xã A", key: "ubnd xa a", kind: "commune" }).returning();
    await expect(
      db.insert(pgSchema.assignments).values({ subjectKey: "i:0", unitId: unit!.id, role: "lead", frequency: "monthly", source: "manual" }),
    ).rejects.toMatchObject({ cause: { code: "23514", constraint: "assignments_one_subject" } });
  });
});
