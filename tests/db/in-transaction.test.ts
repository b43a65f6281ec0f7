import { afterEach, describe, expect, it } from "vitest";
import { inTransaction } from "../../db/client.ts";
import { tempDatabase } from "../support/temp-database.ts";

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

describe("inTransaction", () => {
  it("commits, rolls back on a throw, nests as a savepoint, and refuses async work — with one runner reused per connection", () => {
    const t = tempDatabase();
    cleanup.push(t.remove);
    const c = t.db.$client;
    c.exec("create table tx_rows (v text)");
    const rows = () => (c.prepare("select v from tx_rows order by rowid").pluck().all() as string[]);
    const insert = (v: string) => c.prepare("insert into tx_rows (v) values (?)").run(v);

    expect(inTransaction(t.db, () => (insert("a"), 1), "immediate")).toBe(1);
    expect(() => inTransaction(t.db, () => { insert("lost"); throw new Error("no"); })).toThrow("no");
    inTransaction(t.db, () => {
      insert("outer");
      expect(() => inTransaction(t.db, () => { insert("inner lost"); throw new Error("inner"); }, "immediate")).toThrow("inner");
      expect(c.inTransaction).toBe(true);
    });
    expect(() => inTransaction(t.db, (async () => insert("async")) as unknown as () => void)).toThrow(TypeError);
    expect(rows()).toEqual(["a", "outer"]);
    expect(c.inTransaction).toBe(false);
  });
});
