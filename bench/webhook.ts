/**
 * npm run bench:webhook
 *
 * The Telegram webhook under load: one-line reports ("5G 72" → confirmation; the "Lưu" press →
 * SQLite write → "Đã lưu") through POST /telegram/webhook of the real app (real SQLite file, real
 * grammY bot, fake Bot API on 127.0.0.1), against a bare grammY echo bot on Fastify measured in the
 * same run on the same fake Bot API. Prints figures and PASS/FAIL against the targets; it is not a test.
 *
 * A press costs the fake one call ("Đã lưu"): its answerCallbackQuery is the webhook response's body.
 *
 * Targets (the issue): the pipeline ≥ 50 % of the echo bot's throughput, and p99 ≤ 25 ms at 200 updates/s.
 *
 * Then the same again with the app on PostgreSQL (issue 11): a throwaway cluster started as the tests
 * start theirs (tests/support/postgres-server.ts), a migrated template database, and this script run
 * once more as a child with TEST_ENGINE=postgres, so the app's database is a copy of that template
 * (tests/support/temp-database.ts); the child measures its own echo too. BENCH_ENGINES=sqlite skips it.
 */
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import os from "node:os";
import { count, isNotNull } from "drizzle-orm";
import Fastify from "fastify";
import { Bot, webhookCallback } from "grammy";
import { chatAccounts, reportRevisions } from "../db/schema.ts";
import { openPostgresAppDb } from "../db/pg-client.ts";
import { importPeople } from "../src/services/import-people.ts";
import { postgresMissingReason, startPostgres } from "../tests/support/postgres-server.ts";
import { testEngine, testTemplateDatabase } from "../tests/support/test-engine.ts";
import { startTestApp, testBotToken, testWebhookSecret, type TestApp } from "../tests/support/test-app.ts";
import { FakeTelegramProcess } from "./support/fake-telegram-process.ts";
import { saveButtons } from "./support/save-buttons.ts";
import { LoadGenerator, type LoadJob, type LoadRequest, type LoadResult } from "./support/load-generator.ts";
import { telegramUser, type TelegramUser } from "./support/telegram-updates.ts";

const USERS = 200; // linked focal points; the open loop gives each one a text and a press every 2 s
const CONCURRENCY = 16;
const CLOSED_COUNT = 2_000;
const CLOSED_DEADLINE_MS = 12_000; // a slow pipeline stops early; its rate is still measured
const RATE = 200; // updates/s, open loop
const OPEN_SECONDS = 10;
const DRAIN_MS = 5_000; // open loop: how long unanswered requests may still come back
const TARGET_RATIO = 0.5;
const TARGET_P99_MS = 25;
const UNIT = "Sở Khoa học và Công nghệ";
const REPORT = "5G 72";

let tempDir: string | undefined;
const giveUp = setTimeout(() => {
  console.error("bench: still running after 240 s: giving up");
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  process.exit(2);
}, 240_000);
giveUp.unref();

let nextUpdateId = 10_000;
const headers = { "x-telegram-bot-api-secret-token": testWebhookSecret };

async function main(): Promise<number> {
  const started = process.hrtime.bigint();
  const loadBefore = os.loadavg()[0]!;
  const fake = await new FakeTelegramProcess().start();
  const load = new LoadGenerator();
  let app: TestApp | undefined;
  let echo: Awaited<ReturnType<typeof startEchoBot>> | undefined;
  try {
    app = await startTestApp({ demo: true, walCheckpointer: testEngine === "sqlite", telegram: true, telegramApi: { apiRoot: fake.apiRoot, botInfo: fake.botInfo! } });
    tempDir = app.dir;
    echo = await startEchoBot(fake);
    const users = await linkFocalPoints(app, USERS);
    const setupMessages = (await fake.sent()).length;
    const saveData = await discoverSaveButton(app, fake, users[0]!);
    const pipelineUrl = `${app.base}/telegram/webhook`;
    const run = (job: LoadJob) => measured(load, job);

    // The fake Bot API alone, to show it is not what limits either bot.
    const fakeAlone = await run(closedJob(`${fake.apiRoot}/bot${testBotToken}/sendMessage`, lanesOf(Array.from({ length: CLOSED_COUNT }, () => ({ kind: "call", body: JSON.stringify({ chat_id: 1, text: "x" }) })))));

    // Bare echo: warm-up (discarded), max throughput, fixed rate.
    await run(closedJob(echo.url, lanesOf(echoRequests(users, 400))));
    const echoClosed = await run(closedJob(echo.url, lanesOf(echoRequests(users, CLOSED_COUNT))));
    const echoOpen = await run(openJob(echo.url, echoRequests(users, RATE * OPEN_SECONDS)));

    // The pipeline: warm-up (every user once, discarded), max throughput, fixed rate.
    const warm = await run(closedJob(pipelineUrl, pipelineLanes(users, users.length, await saveButtons(app.db, saveData))));
    const pipeClosed = await run(closedJob(pipelineUrl, pipelineLanes(users, CLOSED_COUNT / 2, await saveButtons(app.db, saveData))));
    const pipeOpen = await run(openJob(pipelineUrl, pipelineSchedule(users, await saveButtons(app.db, saveData))));

    const check = await verify(app, fake, users, setupMessages, [warm, pipeClosed, pipeOpen]);
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    printReport({ fakeAlone, echoClosed, echoOpen, pipeClosed, pipeOpen, check, seconds, loadBefore });
    return check.ok ? 0 : 1;
  } finally {
    await load.close();
    await echo?.close();
    // A pipeline still busy with an aborted backlog must not keep the bench alive.
    if (app) await Promise.race([app.close(), new Promise((resolve) => setTimeout(resolve, 10_000).unref())]);
    await fake.stop();
    if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  }
}

type Measured = LoadResult & { serverCpu: number };

/** A load run, with the share of one core this process (server, SQLite, bot) used meanwhile. */
async function measured(load: LoadGenerator, job: LoadJob): Promise<Measured> {
  const cpu = process.cpuUsage();
  const t = process.hrtime.bigint();
  const result = await load.run(job);
  const used = process.cpuUsage(cpu);
  return { ...result, serverCpu: (used.user + used.system) / (Number(process.hrtime.bigint() - t) / 1e3) };
}

// ---- setup ----

/** USERS new focal points of the department (importPeople gives each an invite code), each linked by "/start <code>". */
async function linkFocalPoints(app: TestApp, n: number): Promise<TelegramUser[]> {
  const csv = ["name,phone,unit,role", ...Array.from({ length: n }, (_, i) => `Cán bộ thử tải ${i + 1},0913${String(i + 1).padStart(6, "0")},${UNIT},focal_point`)].join("\n");
  const imported = await importPeople(app.db, { bytes: new TextEncoder().encode(csv), fileName: "bench-focal-points.csv" }, { now: app.clock.now(), inviteTtlDays: 30 });
  if (imported.problems.length || imported.people.length !== n) throw new Error(`importPeople: ${JSON.stringify(imported.problems.slice(0, 3))}`);
  const users = imported.people.map((_, i) => telegramUser(800_000 + i));
  const linkedBefore = await linkedAccounts(app);
  for (let i = 0; i < n; i += 8) {
    const batch = users.slice(i, i + 8).map((u, j) => app.postUpdate(u.text(nextUpdateId++, `/start ${imported.people[i + j]!.inviteCode}`)));
    for (const res of await Promise.all(batch)) if (res.status !== 200) throw new Error(`/start answered ${res.status}`);
  }
  if (await linkedAccounts(app) - linkedBefore !== n) throw new Error(`only ${await linkedAccounts(app) - linkedBefore} of ${n} accounts were linked`);
  return users;
}

async function linkedAccounts(app: TestApp): Promise<number> {
  return (await app.db.select({ n: count() }).from(chatAccounts).where(isNotNull(chatAccounts.personId)).get())?.n ?? 0;
}

/** The callback data of the "Lưu" button under the confirmation, read off the fake Bot API (then pressed). */
async function discoverSaveButton(app: TestApp, fake: FakeTelegramProcess, user: TelegramUser): Promise<string> {
  await app.postUpdate(user.text(nextUpdateId++, REPORT));
  const last = (await fake.sent(String(user.id))).at(-1);
  const save = last?.buttons.find((b) => b.text === "Lưu");
  if (!save) throw new Error(`"${REPORT}" did not get a confirmation with a "Lưu" button: ${String(last?.text)}`);
  // The press's answerCallbackQuery rides in the webhook's response (telegramWebhookRoute), not as a call to the fake.
  const answered = await (await app.postUpdate(user.press(nextUpdateId++, save.callback_data))).text();
  if (!answered.includes('"method":"answerCallbackQuery"')) throw new Error(`the press's webhook response does not answer it: ${answered.slice(0, 200)}`);
  return save.callback_data;
}

/** A bare grammY bot on a bare Fastify: its only handler echoes the text. Same fake Bot API, botInfo given (no getMe). */
async function startEchoBot(fake: FakeTelegramProcess) {
  const bot = new Bot(testBotToken, { botInfo: fake.botInfo!, client: { apiRoot: fake.apiRoot } });
  bot.on("message:text", (ctx) => ctx.reply(ctx.message.text));
  const server = Fastify();
  const handle = webhookCallback(bot, "fastify");
  server.post("/telegram/webhook", async (req, reply) => handle(req, reply));
  await server.listen({ host: "127.0.0.1", port: 0 });
  const { port } = server.server.address() as { port: number };
  return { url: `http://127.0.0.1:${port}/telegram/webhook`, close: () => server.close() };
}

// ---- load ----

function closedJob(url: string, lanes: LoadRequest[][]): LoadJob {
  return { type: "closed", url, headers, lanes, deadlineMs: CLOSED_DEADLINE_MS };
}

function openJob(url: string, requests: (LoadRequest & { after?: number })[]): LoadJob {
  return { type: "open", url, headers, schedule: requests.map((r, i) => ({ ...r, atMs: (i * 1000) / RATE })), drainMs: DRAIN_MS };
}

function lanesOf(requests: LoadRequest[]): LoadRequest[][] {
  const lanes: LoadRequest[][] = Array.from({ length: CONCURRENCY }, () => []);
  requests.forEach((r, i) => lanes[i % CONCURRENCY]!.push(r));
  return lanes;
}

function echoRequests(users: TelegramUser[], n: number): LoadRequest[] {
  return Array.from({ length: n }, (_, i) => ({ kind: "echo", body: JSON.stringify(users[i % users.length]!.text(nextUpdateId++, REPORT)) }));
}

/**
 * Closed loop: `pairs` one-line reports ("5G 72", then "Lưu" once the confirmation is back), spread
 * over CONCURRENCY lanes; each lane owns its users, so a user's two updates never race.
 */
function pipelineLanes(users: TelegramUser[], pairs: number, saveData: (u: TelegramUser) => string): LoadRequest[][] {
  const owned: TelegramUser[][] = Array.from({ length: CONCURRENCY }, (_, l) => users.filter((_, i) => i % CONCURRENCY === l));
  const lanes: LoadRequest[][] = Array.from({ length: CONCURRENCY }, () => []);
  for (let p = 0; p < pairs; p++) {
    const lane = p % CONCURRENCY;
    const mine = owned[lane]!;
    const user = mine[Math.floor(p / CONCURRENCY) % mine.length]!;
    lanes[lane]!.push({ kind: "text", body: JSON.stringify(user.text(nextUpdateId++, REPORT)) }, { kind: "press", body: JSON.stringify(user.press(nextUpdateId++, saveData(user))), followsPrevious: true });
  }
  return lanes;
}

/**
 * Open loop, one update every 1000/RATE ms: each second, half the users send "5G 72" and the same
 * half press "Lưu" half a second later (the other half the next second), so each user reports every
 * 2 s. An update whose previous reply (the confirmation, or "Đã lưu") is not back at its time is sent
 * when it arrives, as a person would; it is still timed from its scheduled time.
 */
function pipelineSchedule(users: TelegramUser[], saveData: (u: TelegramUser) => string): (LoadRequest & { after?: number })[] {
  const half = RATE / 2;
  if (users.length < RATE) throw new Error(`the open loop needs ${RATE} users`);
  const out: (LoadRequest & { after?: number })[] = [];
  const lastOf = new Map<number, number>();
  const push = (u: TelegramUser, r: LoadRequest) => {
    const after = lastOf.get(u.id);
    lastOf.set(u.id, out.length);
    out.push(after === undefined ? r : { ...r, after });
  };
  for (let second = 0; second < OPEN_SECONDS; second++) {
    const group = users.slice((second % 2) * half, (second % 2) * half + half);
    for (const u of group) push(u, { kind: "text", body: JSON.stringify(u.text(nextUpdateId++, REPORT)) });
    for (const u of group) push(u, { kind: "press", body: JSON.stringify(u.press(nextUpdateId++, saveData(u))) });
  }
  return out;
}

// ---- checks and report ----

/** Every press answered must have written one revision and sent "Đã lưu"; every text a confirmation. */
async function verify(app: TestApp, fake: FakeTelegramProcess, users: TelegramUser[], setupMessages: number, runs: LoadResult[]) {
  // Past its 10 s webhook timeout the route answers 200 while the handler runs on: let the server settle first.
  const revisionsNow = async () => (await app.db.select({ n: count() }).from(reportRevisions).get())?.n ?? 0;
  for (let last = -1, waited = 0; await revisionsNow() !== last && waited < 15_000; waited += 500) {
    last = await revisionsNow();
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  const complete = runs.every((r) => r.failed === 0 && r.unanswered === 0);
  const texts = 1 + runs.reduce((n, r) => n + (r.latencies.text?.length ?? 0), 0); // + the discovery's
  const presses = 1 + runs.reduce((n, r) => n + (r.latencies.press?.length ?? 0), 0);
  const revisions = await revisionsNow();
  let confirmations = 0;
  let saved = 0;
  const unexpected = new Map<string, number>();
  const benchChats = new Set(users.map((u) => String(u.id)));
  for (const { chatId, text } of (await fake.sent()).slice(setupMessages)) {
    if (text.startsWith("Kiểm tra trước khi lưu")) confirmations += 1;
    // The first save of the department's figure for the month reads "báo cáo", the next ones "số liệu sửa".
    else if (text.startsWith("✅ Đã lưu")) saved += 1;
    else if (benchChats.has(chatId) && text !== REPORT) unexpected.set(text.slice(0, 100), (unexpected.get(text.slice(0, 100)) ?? 0) + 1);
  }
  const ok = complete && revisions === presses && saved === presses && confirmations === texts;
  return { ok, complete, texts, presses, revisions, confirmations, saved, unexpected: [...unexpected].slice(0, 5) };
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

function stats(values: number[]): Stats {
  const s = [...values].sort((a, b) => a - b);
  const at = (p: number) => s[Math.max(0, Math.ceil((p / 100) * s.length) - 1)] ?? NaN;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? NaN };
}

const all = (r: LoadResult) => Object.values(r.latencies).flat();
const rate = (r: LoadResult) => (r.ok / r.elapsedMs) * 1000;
const ms = (v: number) => (Number.isFinite(v) ? v.toFixed(v < 10 ? 2 : 1) : "—");
const int = (v: number) => Math.round(v).toLocaleString("en-US");
const pad = (s: string, n: number) => s.padStart(n);

function printReport(r: { fakeAlone: Measured; echoClosed: Measured; echoOpen: Measured; pipeClosed: Measured; pipeOpen: Measured; check: Awaited<ReturnType<typeof verify>>; seconds: number; loadBefore: number }) {
  const cpus = os.cpus();
  const line = "─".repeat(92);
  const cpu = (x: Measured) => `${Math.round(x.serverCpu * 100)} %`;
  console.log(`\nchitieu webhook benchmark — ${cpus.length} CPU × ${cpus[0]?.model.trim() ?? "?"}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}, ${os.platform()} ${os.arch()}`);
  console.log(`engine: ${engine}${engine === "postgres" ? " (a throwaway local cluster, fsync off, on the same machine)" : " (a file, WAL)"}`);
  console.log(`3 processes: server (app + ${engine === "sqlite" ? "SQLite file" : "PostgreSQL pool"} + grammY, or the echo bot) | fake Bot API | load generator; all on 127.0.0.1`);
  console.log(`${USERS} focal points of ${UNIT} linked by /start; "server CPU" = the server process's share of one core during the run`);
  console.log(`fake Bot API alone: ${int(rate(r.fakeAlone))} calls/s (the echo costs it 1 call per update, the pipeline 1 per "${REPORT}" and 1 per press: its answer rides in the webhook's response)`);
  const busy = r.loadBefore > cpus.length / 4;
  console.log(`load average before the run: ${r.loadBefore.toFixed(2)}${busy ? " — other work is running on this machine: expect noisy figures, run again when it is quiet" : ""}\n`);

  console.log(`max throughput: closed loop, ${CONCURRENCY} in flight, ${int(CLOSED_COUNT)} updates (after a discarded warm-up)`);
  console.log(line);
  console.log(`${"".padEnd(34)}${pad("updates", 9)}${pad("updates/s", 11)}${pad("p50 ms", 9)}${pad("p99 ms", 9)}${pad("max ms", 9)}${pad("server CPU", 12)}`);
  const closedRow = (label: string, n: number, perSecond: number | null, s: Stats, x?: Measured) =>
    console.log(`${label.padEnd(34)}${pad(int(n), 9)}${pad(perSecond === null ? "" : int(perSecond), 11)}${pad(ms(s.p50), 9)}${pad(ms(s.p99), 9)}${pad(ms(s.max), 9)}${pad(x ? cpu(x) : "", 12)}`);
  closedRow("bare grammY echo", r.echoClosed.ok, rate(r.echoClosed), stats(all(r.echoClosed)), r.echoClosed);
  closedRow("pipeline, both kinds", r.pipeClosed.ok, rate(r.pipeClosed), stats(all(r.pipeClosed)), r.pipeClosed);
  closedRow(`  "${REPORT}" → confirmation`, r.pipeClosed.latencies.text?.length ?? 0, null, stats(r.pipeClosed.latencies.text ?? []));
  closedRow(`  Lưu → ${engine} write → Đã lưu`, r.pipeClosed.latencies.press?.length ?? 0, null, stats(r.pipeClosed.latencies.press ?? []));
  const ratio = rate(r.pipeClosed) / rate(r.echoClosed);
  console.log(`pipeline ÷ echo throughput: ${(ratio * 100).toFixed(1)} %${r.pipeClosed.sent < CLOSED_COUNT ? ` (stopped after ${CLOSED_DEADLINE_MS / 1000} s at ${int(r.pipeClosed.sent)} updates)` : ""}`);
  // On a busy machine the server waits for a core and throughput says little; its CPU time per update does not depend on that as much.
  const cpuPerUpdate = (x: Measured) => (x.serverCpu * x.elapsedMs) / x.ok;
  console.log(`server CPU per update: echo ${ms(cpuPerUpdate(r.echoClosed))} ms, pipeline ${ms(cpuPerUpdate(r.pipeClosed))} ms — echo ÷ pipeline ${((cpuPerUpdate(r.echoClosed) / cpuPerUpdate(r.pipeClosed)) * 100).toFixed(1)} %\n`);

  console.log(`fixed rate: open loop, ${RATE} updates/s for ${OPEN_SECONDS} s; latency counts from the scheduled send time`);
  console.log(line);
  console.log(`${"".padEnd(34)}${pad("answered", 10)}${pad("p50 ms", 9)}${pad("p95 ms", 9)}${pad("p99 ms", 9)}${pad("max ms", 9)}${pad("server CPU", 12)}`);
  const openRow = (label: string, answered: string, s: Stats, x?: Measured) =>
    console.log(`${label.padEnd(34)}${pad(answered, 10)}${pad(ms(s.p50), 9)}${pad(ms(s.p95), 9)}${pad(ms(s.p99), 9)}${pad(ms(s.max), 9)}${pad(x ? cpu(x) : "", 12)}`);
  const answered = (x: LoadResult) => `${x.ok}/${x.sent}`;
  openRow("bare grammY echo", answered(r.echoOpen), stats(all(r.echoOpen)), r.echoOpen);
  openRow("pipeline, both kinds", answered(r.pipeOpen), stats(all(r.pipeOpen)), r.pipeOpen);
  openRow(`  "${REPORT}" → confirmation`, String(r.pipeOpen.latencies.text?.length ?? 0), stats(r.pipeOpen.latencies.text ?? []));
  openRow(`  Lưu → ${engine} write → Đã lưu`, String(r.pipeOpen.latencies.press?.length ?? 0), stats(r.pipeOpen.latencies.press ?? []));
  const cut = r.pipeOpen.unanswered > 0 || r.pipeOpen.failed > 0;
  const pipeP99 = cut ? Infinity : stats(all(r.pipeOpen)).p99;
  const echoP99 = stats(all(r.echoOpen)).p99;
  console.log(
    `pipeline ÷ echo p99: ${cut ? "—" : `${(pipeP99 / echoP99).toFixed(1)} ×`}${r.pipeOpen.unanswered ? ` (${r.pipeOpen.unanswered} still unanswered ${DRAIN_MS / 1000} s after the last send: aborted)` : ""}; ` +
      `generator lag behind schedule ≤ ${ms(r.echoOpen.maxSendLagMs)} ms (echo), ${ms(r.pipeOpen.maxSendLagMs)} ms (pipeline)` +
      `${r.pipeOpen.heldForReply ? `; ${r.pipeOpen.heldForReply} updates waited for the reply before them` : ""}\n`,
  );

  console.log("targets");
  console.log(line);
  const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");
  console.log(`${"pipeline throughput ≥ 50 % of the echo's".padEnd(46)}${pad(`${(ratio * 100).toFixed(1)} %`, 12)}   ${verdict(ratio >= TARGET_RATIO)}`);
  console.log(`${`pipeline p99 ≤ ${TARGET_P99_MS} ms at ${RATE} updates/s`.padEnd(46)}${pad(cut ? "unanswered" : `${ms(pipeP99)} ms`, 12)}   ${verdict(pipeP99 <= TARGET_P99_MS)}`);
  const c = r.check;
  console.log(
    `\nchecked: ${c.revisions} revisions written for ${c.presses} presses, ${c.saved} "Đã lưu" and ${c.confirmations} confirmations for ${c.texts} reports — ${c.ok ? "consistent" : c.complete ? "INCONSISTENT" : "run incomplete (failed or unanswered requests)"}`,
  );
  for (const [t, n] of c.unexpected) console.log(`  unexpected reply ×${n}: ${JSON.stringify(t)}`);
  for (const e of [...r.echoClosed.errors, ...r.echoOpen.errors, ...r.pipeClosed.errors, ...r.pipeOpen.errors].slice(0, 5)) console.log(`  error: ${e}`);
  console.log(`total ${r.seconds.toFixed(1)} s`);
}

const engine = testEngine;

/** The PostgreSQL run: this script again, as a child on a throwaway cluster, its output passed through. */
async function postgresRun(): Promise<number> {
  const engines = (process.env.BENCH_ENGINES ?? "sqlite,postgres").split(",");
  if (testEngine !== "sqlite" || !engines.includes("postgres")) return 0;
  const missing = postgresMissingReason();
  if (missing) {
    console.log(`\nPostgreSQL left out: ${missing}`);
    return 0;
  }
  const server = await startPostgres();
  try {
    const template = await openPostgresAppDb(await server.createDatabase(testTemplateDatabase), { max: 1 });
    await template.$executor.close();
    const child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
      env: { ...process.env, TEST_ENGINE: "postgres", TEST_POSTGRES_URL: server.url, BENCH_ENGINES: "postgres" },
      stdio: "inherit",
    });
    return await new Promise<number>((resolve) => child.once("exit", (code) => resolve(code ?? 1)));
  } finally {
    await server.stop();
  }
}

main().then(
  async (code) => {
    clearTimeout(giveUp);
    const pg = await postgresRun();
    process.exit(code || pg);
  },
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
