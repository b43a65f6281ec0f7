import { sqliteConnection } from "../../db/client.ts";
import { statSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { startWalCheckpointer } from "../../db/wal-checkpointer.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { describeSqliteOnly } from "../support/test-engine.ts";

const cleanup: (() => void | Promise<void>)[] = [];
afterEach(async () => {
  for (const f of cleanup.splice(0).reverse()) await f();
});

describeSqliteOnly("the WAL checkpointer is SQLite's")("startWalCheckpointer", () => {
  it("checkpoints the WAL from its own thread, and the serving connection stops doing it itself until stopped", async () => {
    const t = tempDatabase();
    cleanup.push(t.remove);
    const client = sqliteConnection(t.db)!;
    client.exec("create table bench_rows (id integer primary key, v text)");
    const checkpointer = startWalCheckpointer(t.db, t.file, { everyMs: 20 })!;
    cleanup.push(() => checkpointer.stop());
    expect(client.pragma("wal_autocheckpoint", { simple: true })).toBe(10_000);

    const insert = client.prepare("insert into bench_rows (v) values (?)");
    for (let i = 0; i < 300; i++) client.transaction(() => insert.run("x".repeat(2_000)))();
    // Nothing committed here checkpointed (the WAL holds every frame); the thread copies them into the file.
    const dbBytesBefore = statSync(t.file).size;
    await waitFor(() => statSync(t.file).size > dbBytesBefore + 300 * 2_000);
    expect(client.prepare("select count(*) as n from bench_rows").get()).toEqual({ n: 300 });

    await checkpointer.stop();
    expect(client.pragma("wal_autocheckpoint", { simple: true })).toBe(1_000);
  });

  it("does nothing for an in-memory database", () => {
    const t = tempDatabase();
    cleanup.push(t.remove);
    expect(startWalCheckpointer(t.db, ":memory:")).toBeUndefined();
  });
});

async function waitFor(ok: () => boolean, ms = 5_000): Promise<void> {
  const until = Date.now() + ms;
  while (!ok()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
