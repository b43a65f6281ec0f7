/**
 * npm run bench:webhook-profile
 *
 * Where one webhook's time goes, on each engine: the same one-line report as bench:webhook ("5G 72"
 * → confirmation, then "Lưu" → saved), sent one at a time through POST /telegram/webhook of the real
 * app, with every statement the data layer runs counted and timed (the executor wrapped in this
 * process), grouped by what it does: claim, session, report, outbox… and the transactions opened.
 * Sequential, so the figures are round trips and their cost, not contention. Then the same on
 * PostgreSQL (a throwaway cluster, as bench:webhook starts it). It prints figures; it is not a test.
 */
import { spawn } from "node:child_process";
import { rmSync, writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { openPostgresAppDb } from "../db/pg-client.ts";
import { importPeople } from "../src/services/import-people.ts";
import { postgresMissingReason, startPostgres } from "../tests/support/postgres-server.ts";
import { testEngine, testTemplateDatabase } from "../tests/support/test-engine.ts";
import { startTestApp } from "../tests/support/test-app.ts";
import { FakeTelegramProcess } from "./support/fake-telegram-process.ts";
import { saveButtons } from "./support/save-buttons.ts";
import { telegramUser } from "./support/telegram-updates.ts";

const USERS = 50;
const ROUNDS = 4; // each user reports ROUNDS times: USERS × ROUNDS texts and as many presses measured
const UNIT = "Sở Khoa học và Công nghệ";
const REPORT = "5G 72";

interface Tally {
  n: number;
  ms: number;
}

async function main(): Promise<void> {
  const fake = await new FakeTelegramProcess().start();
  const app = await startTestApp({ demo: true, telegram: true, telegramApi: { apiRoot: fake.apiRoot, botInfo: fake.botInfo! } });
  let updateId = 50_000;
  try {
    const csv = ["name,phone,unit,role", ...Array.from({ length: USERS }, (_, i) => `Cán bộ hồ sơ ${i + 1},0914${String(i + 1).padStart(6, "0")},${UNIT},focal_point`)].join("\n");
    const imported = await importPeople(app.db, { bytes: new TextEncoder().encode(csv), fileName: "profile.csv" }, { now: app.clock.now(), inviteTtlDays: 30 });
    const users = imported.people.map((_, i) => telegramUser(900_000 + i));
    for (const [i, u] of users.entries()) await app.postUpdate(u.text(updateId++, `/start ${imported.people[i]!.inviteCode}`));
    await app.postUpdate(users[0]!.text(updateId++, REPORT));
    const save = (await fake.sent(String(users[0]!.id))).at(-1)?.buttons.find((b) => b.text === "Lưu")?.callback_data;
    if (!save) throw new Error(`"${REPORT}" got no "Lưu" button`);
    await app.postUpdate(users[0]!.press(updateId++, save));

    // Every statement and transaction of the data layer, from here on, by kind of update.
    const executor = app.db.$executor as { execute: (sql: string, params: unknown[], method: string) => Promise<unknown>; transaction: <T>(fn: () => Promise<T>, mode: string) => Promise<T> };
    const byStatement = new Map<string, Map<string, Tally>>();
    const transactions = new Map<string, Tally>();
    let phase = "warm-up";
    const execute = executor.execute.bind(executor);
    const transaction = executor.transaction.bind(executor);
    let depth = 0;
    const trace = process.env.PROFILE_TRACE === "1";
    let tracing = false;
    executor.execute = async (sql, params, method) => {
      // PROFILE_TRACE=1: every statement of the last round's first user, with who asked, to find repeated reads.
      if (trace && tracing) console.log(`\n[${phase}] ${sql.replace(/\s+/g, " ").slice(0, 200)}\n${callers(new Error().stack ?? "")}`);
      const t = performance.now();
      try {
        return await execute(sql, params, method);
      } finally {
        const table = byStatement.get(phase) ?? new Map<string, Tally>();
        byStatement.set(phase, table);
        add(table, describeStatement(sql), performance.now() - t);
      }
    };
    executor.transaction = async (fn, mode) => {
      const t = performance.now();
      depth += 1;
      try {
        return await transaction(fn, mode);
      } finally {
        depth -= 1;
        if (depth === 0) add(transactions, phase, performance.now() - t);
      }
    };

    const next = await saveButtons(app.db, save);
    const wall: Record<string, number[]> = { text: [], press: [] };
    const cpuProfile = await startCpuProfile();
    for (let round = 0; round < ROUNDS; round++) {
      for (const [i, u] of users.entries()) {
        tracing = round === ROUNDS - 1 && i === 0;
        phase = "text";
        let t = performance.now();
        if ((await app.postUpdate(u.text(updateId++, REPORT))).status !== 200) throw new Error("text not answered");
        wall.text!.push(performance.now() - t);
        phase = "press";
        t = performance.now();
        if ((await app.postUpdate(u.press(updateId++, next(u)))).status !== 200) throw new Error("press not answered");
        wall.press!.push(performance.now() - t);
      }
    }
    await cpuProfile?.stop();
    print(byStatement, transactions, wall);
  } finally {
    await app.close();
    await fake.stop();
    rmSync(app.dir, { recursive: true, force: true });
  }
}

/**
 * PROFILE_CPU=<file>: a V8 CPU profile of the measured updates only (not the demo's load and the
 * links before them), for Chrome's DevTools or speedscope; node --cpu-prof profiles the whole run.
 */
async function startCpuProfile(): Promise<{ stop(): Promise<void> } | undefined> {
  const file = process.env.PROFILE_CPU;
  if (!file) return undefined;
  const session = new Session();
  session.connect();
  const post = (method: string, params?: object) => new Promise<unknown>((resolve, reject) => session.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));
  await post("Profiler.enable");
  await post("Profiler.setSamplingInterval", { interval: 100 });
  await post("Profiler.start");
  return {
    async stop() {
      const { profile } = (await post("Profiler.stop")) as { profile: unknown };
      writeFileSync(`${file}${testEngine === "postgres" ? ".postgres" : ""}.cpuprofile`, JSON.stringify(profile));
      session.disconnect();
    },
  };
}

/** The app's own frames of a stack (not node_modules, not this bench), innermost first. */
function callers(stack: string): string {
  return stack
    .split("\n")
    .slice(1)
    .filter((l) => !l.includes("node_modules") && !l.includes("node:") && !l.includes("profile-webhook"))
    .slice(0, 8)
    .map((l) => `    ${l.trim().replace(/^at /, "").replace(process.cwd() + "/", "")}`)
    .join("\n");
}

function add(table: Map<string, Tally>, key: string, ms: number): void {
  const t = table.get(key) ?? { n: 0, ms: 0 };
  t.n += 1;
  t.ms += ms;
  table.set(key, t);
}

/** "insert processed_updates", "select conversation_states"…: the verb and the first table named. */
function describeStatement(sql: string): string {
  const s = sql.trim().replace(/\s+/g, " ");
  const verb = s.split(" ")[0]!.toLowerCase();
  const table = /\b(?:from|into|update)\s+"?([a-z_]+)"?/i.exec(s)?.[1] ?? s.slice(0, 40);
  return `${verb} ${table}`;
}

function print(byStatement: Map<string, Map<string, Tally>>, transactions: Map<string, Tally>, wall: Record<string, number[]>): void {
  console.log(`\nwhere a webhook's time goes — ${testEngine}${testEngine === "postgres" ? " (a throwaway local cluster on this machine)" : " (a file, WAL)"}; ${USERS * ROUNDS} of each update, one at a time`);
  for (const kind of ["text", "press"]) {
    const per = wall[kind]!.length;
    const table = [...(byStatement.get(kind) ?? new Map<string, Tally>())].sort((a, b) => b[1].ms - a[1].ms);
    const statements = table.reduce((n, [, t]) => n + t.n, 0) / per;
    const dbMs = table.reduce((n, [, t]) => n + t.ms, 0) / per;
    const tx = transactions.get(kind);
    const sorted = [...wall[kind]!].sort((a, b) => a - b);
    console.log(`\n${kind === "text" ? `"${REPORT}" → confirmation` : "Lưu → saved → Đã lưu"}: wall p50 ${sorted[Math.floor(per / 2)]!.toFixed(2)} ms; ${statements.toFixed(1)} statements (${dbMs.toFixed(2)} ms) and ${((tx?.n ?? 0) / per).toFixed(1)} transactions (${((tx?.ms ?? 0) / per).toFixed(2)} ms incl. their statements) per update`);
    for (const [what, t] of table) console.log(`  ${what.padEnd(40)}${(t.n / per).toFixed(2).padStart(7)} ×${((t.ms / t.n) * 1000).toFixed(0).padStart(7)} µs`);
  }
}

async function postgresRun(): Promise<void> {
  if (testEngine !== "sqlite" || !(process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",").includes("postgres")) return;
  const missing = postgresMissingReason();
  if (missing) return void console.log(`\nPostgreSQL left out: ${missing}`);
  const server = await startPostgres();
  try {
    const template = await openPostgresAppDb(await server.createDatabase(testTemplateDatabase), { max: 1 });
    await template.$executor.close();
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], { env: { ...process.env, TEST_ENGINE: "postgres", TEST_POSTGRES_URL: server.url, BENCH_ENGINES: "postgres" }, stdio: "inherit" });
    await new Promise((resolve) => child.once("exit", resolve));
  } finally {
    await server.stop();
  }
}

const engines = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",");
(testEngine === "sqlite" && !engines.includes("sqlite") ? Promise.resolve() : main()).then(postgresRun).then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
