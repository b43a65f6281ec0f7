import { startPostgres } from "../tests/support/postgres-server.ts";
import { openPostgresAppDb } from "../db/pg-client.ts";
import { closeDatabase, inTransaction } from "../db/client.ts";

const server = await startPostgres();
try {
  const url = await server.createDatabase("exp");
  const db = await openPostgresAppDb(url, { max: 4 });
  const ex = db.$executor;
  await ex.execute(`insert into people (name, locale, created_at) select 'p' || g, 'vi', 0 from generate_series(1, 400) g`, [], "run");
  const N = 359;
  const payloadOf = (i: number) => ({ lines: Array.from({ length: 14 }, (_, j) => ({ key: "reminder.line", params: { n: j, code: `1.2.${j}`, name: "Tỷ lệ phủ sóng 5G tại các khu công nghiệp và đô thị " + i, period: "Tháng 11/2026", due: "25/11", when: { key: "reminder.when.days_left", params: { days: 3 } } } })), choices: Array.from({ length: 10 }, (_, j) => ({ id: `c${i}.${j}`, label: { key: "reminder.button", params: { n: j, code: "1.2", name: "x" } } })) });
  const linesOf = (i: number) => Array.from({ length: 66 }, (_, j) => [`i:${j}`, 100 + (i % 50), "2026-11", "before", 3]);
  let round = 0;
  const payloads = Array.from({ length: N }, (_, i) => payloadOf(i));
  const lineLists = Array.from({ length: N }, (_, i) => linesOf(i));
  console.log("payload JSON bytes", JSON.stringify(payloads).length, "lines JSON bytes", JSON.stringify(lineLists).length);
  const time = async (label: string, fn: (tag: string) => Promise<void>) => {
    const ms: number[] = [];
    for (let r = 0; r < 7; r++) {
      const tag = `r${++round}`;
      const rollback = new Error("rb");
      const t0 = performance.now();
      await inTransaction(db, async () => { await fn(tag); ms.push(performance.now() - t0); throw rollback; }).catch((e) => { if (e !== rollback) throw e; });
    }
    ms.sort((a, b) => a - b);
    console.log(label, ms.map((m) => m.toFixed(1)).join(" "));
  };
  const now = Date.now();
  await time("outbox VALUES", async (tag) => {
    const params: unknown[] = [];
    for (let i = 0; i < N; i++) params.push("telegram", "", String(9000 + i), null, "reminder", `reminder:${tag}:${i}`, JSON.stringify(payloads[i]), now, null, "vi", now);
    await ex.execute(`insert into outbox (channel, account_id, chat_id, person_id, kind, dedup_key, payload, status, next_attempt_at, broadcast_id, locale, created_at) values ${Array(N).fill("(?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)").join(", ")} on conflict (dedup_key) do nothing returning id, dedup_key`, params, "all");
  });
  await time("outbox jsonb_to_recordset", async (tag) => {
    const rows = [];
    for (let i = 0; i < N; i++) rows.push({ c: "telegram", a: "", h: String(9000 + i), p: null, k: "reminder", d: `reminder:${tag}:${i}`, y: payloads[i], n: now, b: null, l: "vi", t: now });
    await ex.execute(`insert into outbox (channel, account_id, chat_id, person_id, kind, dedup_key, payload, status, next_attempt_at, broadcast_id, locale, created_at) select r.c, r.a, r.h, r.p, r.k, r.d, r.y, 'pending', r.n, r.b, r.l, r.t from rows from (jsonb_to_recordset(?::jsonb) as (c text, a text, h text, p int, k text, d text, y jsonb, n bigint, b int, l text, t bigint)) with ordinality as r(c, a, h, p, k, d, y, n, b, l, t, o) order by r.o on conflict (dedup_key) do nothing returning id, dedup_key`, [JSON.stringify(rows)], "all");
  });
  await time("outbox json_to_recordset", async (tag) => {
    const rows = [];
    for (let i = 0; i < N; i++) rows.push({ c: "telegram", a: "", h: String(9000 + i), p: null, k: "reminder", d: `reminder:${tag}:${i}`, y: payloads[i], n: now, b: null, l: "vi", t: now });
    await ex.execute(`insert into outbox (channel, account_id, chat_id, person_id, kind, dedup_key, payload, status, next_attempt_at, broadcast_id, locale, created_at) select r.c, r.a, r.h, r.p, r.k, r.d, r.y::jsonb, 'pending', r.n, r.b, r.l, r.t from rows from (json_to_recordset(?::json) as (c text, a text, h text, p int, k text, d text, y json, n bigint, b int, l text, t bigint)) with ordinality as r(c, a, h, p, k, d, y, n, b, l, t, o) order by r.o on conflict (dedup_key) do nothing returning id, dedup_key`, [JSON.stringify(rows)], "all");
  });
  await time("deliveries VALUES", async (tag) => {
    const params: unknown[] = [];
    for (let i = 0; i < N; i++) params.push(1 + i, "reminder", "2026-11-23", `${tag}-${i}`, JSON.stringify(lineLists[i]), i, now);
    await ex.execute(`insert into reminder_deliveries (person_id, kind, local_date, lines_hash, lines, outbox_id, created_at) values ${Array(N).fill("(?, ?, ?, ?, ?, ?, ?)").join(", ")} on conflict do nothing`, params, "run");
  });
  await time("deliveries json_to_recordset", async (tag) => {
    const rows = [];
    for (let i = 0; i < N; i++) rows.push([1 + i, "reminder", "2026-11-23", `${tag}-${i}`, lineLists[i], i, now]);
    await ex.execute(`insert into reminder_deliveries (person_id, kind, local_date, lines_hash, lines, outbox_id, created_at) select (r->>0)::int, r->>1, r->>2, r->>3, r->4, (r->>5)::int, (r->>6)::bigint from jsonb_array_elements(?::jsonb) with ordinality as t(r, o) order by o on conflict do nothing`, [JSON.stringify(rows)], "run");
  });
  await time("outbox VALUES, payload null-ish small", async (tag) => {
    const params: unknown[] = [];
    for (let i = 0; i < N; i++) params.push("telegram", "", String(9000 + i), null, "reminder", `reminder:${tag}:${i}`, "{}", now, null, "vi", now);
    await ex.execute(`insert into outbox (channel, account_id, chat_id, person_id, kind, dedup_key, payload, status, next_attempt_at, broadcast_id, locale, created_at) values ${Array(N).fill("(?, ?, ?, ?, ?, ?, ?, 'pending', ?, ?, ?, ?)").join(", ")} on conflict (dedup_key) do nothing returning id, dedup_key`, params, "all");
  });
  await time("select big text param", async () => {
    await ex.execute("select length(?::text)", [JSON.stringify(payloads)], "get");
  });
  await time("select big jsonb param", async () => {
    await ex.execute("select jsonb_array_length(?::jsonb)", [JSON.stringify(payloads)], "get");
  });
  await time("select 1", async () => { await ex.execute("select 1", [], "get"); });
  await closeDatabase(db);
} finally {
  await server.stop();
}
