/**
 * npm run bench:two-instances
 *
 * Two service processes on one PostgreSQL database against one (issue 11): the real service
 * (node --import tsx src/main.ts with DATABASE_URL), its Telegram webhook fed one-line reports
 * ("5G 72" → confirmation; "Lưu" → the save → "Đã lưu") by a closed loop of 16 lanes. With two
 * instances the split is by chat, as a sticky load balancer splits them: the lanes alternate between
 * the instances and each lane owns its chats. In the same run, the same load against one instance.
 * The fake Bot API and the load generator run in processes of their own; PostgreSQL is a throwaway
 * cluster started as the tests start theirs (tests/support/postgres-server.ts).
 *
 * Target (issue 11): two instances ≥ 1.6 × one instance's throughput. It can only be met where the
 * second instance gets a core of its own: the script prints the cores and the load beside the figures.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";
import { count } from "drizzle-orm";
import type { AppDb } from "../db/app-db.ts";
import { openPostgresAppDb } from "../db/pg-client.ts";
import { ensureChatAccount, linkChatAccount } from "../db/repositories/chat-repository.ts";
import { findPersonByPhone } from "../db/repositories/people-repository.ts";
import { loadDemoData } from "../db/seed/load-demo-data.ts";
import { reportRevisions } from "../db/schema.ts";
import { importPeople } from "../src/services/import-people.ts";
import { postgresMissingReason, startPostgres } from "../tests/support/postgres-server.ts";
import { parentPid, procStatFields, startService } from "../tests/support/start-service.ts";
import { FakeTelegramProcess } from "./support/fake-telegram-process.ts";
import { LoadGenerator, type LoadRequest, type LoadResult } from "./support/load-generator.ts";
import { machineLoad } from "./support/measure.ts";
import { saveButtons } from "./support/save-buttons.ts";
import { telegramUser, type TelegramUser } from "./support/telegram-updates.ts";

const TOKEN = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz";
const SECRET = "s3cret-webhook-token-0123456789";
const USERS = 64;
const LANES = 16;
const PAIRS = 600; // one-line reports per run: 1,200 updates
const DEADLINE_MS = 60_000;
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const TARGET = 1.6;
const UNIT = "Sở Khoa học và Công nghệ";
const REPORT = "5G 72";
const headers = { "x-telegram-bot-api-secret-token": SECRET };
let nextUpdateId = 50_000;

const missing = postgresMissingReason();
if (missing) {
  console.log(`bench:two-instances needs PostgreSQL: ${missing}`);
  process.exit(2);
}

const loadBefore = await machineLoad();
const server = await startPostgres();
const fake = await new FakeTelegramProcess().start();
const load = new LoadGenerator();
const services: ReturnType<typeof serviceOn>[] = [];
let db: AppDb | undefined;
let code = 1;
try {
  const url = await server.createDatabase("bench_two_instances");
  db = await openPostgresAppDb(url, { max: 2 });
  const users = await seed(db);
  const a = serviceOn(url);
  services.push(a);
  const aUrl = await a.webhook;
  const sample = await discoverSaveButton(aUrl, users[0]!);
  // Warm-up of the one instance (each user once), discarded.
  await closedRun(users, USERS, () => aUrl, sample);
  const postmaster = await postmasterPid(db);
  const one: LoadResult[] = [];
  const oneCpu: CpuPerUpdate[] = [];
  for (let i = 0; i < RUNS; i++) one.push(await withCpu(oneCpu, [await a.pid], postmaster, () => closedRun(users, PAIRS, () => aUrl, sample)));

  const b = serviceOn(url);
  services.push(b);
  const bUrl = await b.webhook;
  await closedRun(users, USERS, (lane) => (lane % 2 === 0 ? aUrl : bUrl), sample);
  const two: LoadResult[] = [];
  const twoCpu: CpuPerUpdate[] = [];
  for (let i = 0; i < RUNS; i++) two.push(await withCpu(twoCpu, [await a.pid, await b.pid], postmaster, () => closedRun(users, PAIRS, (lane) => (lane % 2 === 0 ? aUrl : bUrl), sample)));

  const presses = 1 + [...one, ...two].reduce((n, r) => n + (r.latencies.press?.length ?? 0), 0) + 2 * USERS;
  const revisions = (await db.select({ n: count() }).from(reportRevisions).get())?.n ?? 0;
  const failed = [...one, ...two].reduce((n, r) => n + r.failed, 0);
  const rate = (r: LoadResult) => (r.ok / r.elapsedMs) * 1000;
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!;
  const oneRate = median(one.map(rate));
  const twoRate = median(two.map(rate));
  const ratio = twoRate / oneRate;
  const cpus = os.cpus().length;
  console.log(`bench:two-instances — the real service on one PostgreSQL database, ${LANES} lanes in a closed loop, ${PAIRS} one-line reports (${PAIRS * 2} updates) per run, median of ${RUNS} runs`);
  console.log(`  ${cpus} cores; ${loadBefore} before, ${await machineLoad()} after; processes: 1 or 2 services, PostgreSQL, the fake Bot API, the load generator, this script`);
  console.log(`  one instance     ${oneRate.toFixed(0).padStart(6)} updates/s   (runs: ${one.map((r) => rate(r).toFixed(0)).join(", ")})`);
  console.log(`  two instances    ${twoRate.toFixed(0).padStart(6)} updates/s   (runs: ${two.map((r) => rate(r).toFixed(0)).join(", ")})`);
  // What the throughput on 2 cores cannot show: whether a second instance adds work per update (waits,
  // retries, lock traffic). CPU per update, services and PostgreSQL, read from /proc, median of the runs.
  const cpuLine = (xs: CpuPerUpdate[]) => `services ${median(xs.map((x) => x.services)).toFixed(2)} ms, PostgreSQL ${median(xs.map((x) => x.postgres)).toFixed(2)} ms`;
  if (oneCpu.length && twoCpu.length) {
    console.log(`  CPU per update, one instance:  ${cpuLine(oneCpu)}`);
    console.log(`  CPU per update, two instances: ${cpuLine(twoCpu)}`);
  }
  console.log(`  checked: ${revisions} revisions for ${presses} presses, ${failed} failed requests — ${revisions === presses && failed === 0 ? "consistent" : "INCONSISTENT"}`);
  const pass = ratio >= TARGET;
  console.log(`${pass ? "PASS" : "FAIL"}: two instances ${ratio.toFixed(2)} × one instance's throughput (target ≥ ${TARGET} ×)${pass || cpus > 2 ? "" : ` — on ${cpus} cores the second instance shares them with the first, PostgreSQL and the load`}`);
  code = pass && revisions === presses && failed === 0 ? 0 : 1;
} finally {
  for (const s of services) {
    s.child.kill("SIGTERM");
    await s.exited;
    rmSync(s.dataDir, { recursive: true, force: true });
  }
  await db?.$executor.close();
  await load.close();
  await fake.stop();
  await server.stop();
}
process.exit(code);

interface CpuPerUpdate {
  /** The service processes' CPU time (user + system) per update answered, in ms. */
  services: number;
  /** PostgreSQL's (the postmaster and its live children) per update, in ms. */
  postgres: number;
}

/** Runs fn (a closed run) and notes the CPU per update it cost; nothing noted where /proc cannot be read. */
async function withCpu(into: CpuPerUpdate[], servicePids: number[], postmaster: number | undefined, fn: () => Promise<LoadResult>): Promise<LoadResult> {
  const pgPids = () => (postmaster === undefined ? [] : [postmaster, ...childrenOf(postmaster)]);
  const before = { services: cpuMsOf(servicePids), postgres: new Map(pgPids().map((pid) => [pid, cpuMsOf([pid])])) };
  const result = await fn();
  const services = cpuMsOf(servicePids);
  // A backend that started during the run counts from 0; one that ended is lost (the services' pools keep theirs).
  let postgres = 0;
  for (const pid of pgPids()) postgres += (cpuMsOf([pid]) ?? 0) - (before.postgres.get(pid) ?? 0);
  if (before.services !== undefined && services !== undefined && result.ok > 0) into.push({ services: (services - before.services) / result.ok, postgres: postgres / result.ok });
  return result;
}

/** CPU time (user + system, ms) these processes have used, from /proc/<pid>/stat (Linux; clock ticks of 10 ms); undefined where unreadable. */
function cpuMsOf(pids: number[]): number | undefined {
  let total = 0;
  for (const pid of pids) {
    try {
      const fields = procStatFields(pid);
      total += (Number(fields[11]) + Number(fields[12])) * 10;
    } catch {
      return undefined;
    }
  }
  return total;
}

/** The pids whose parent is this one (/proc). */
function childrenOf(parent: number): number[] {
  const out: number[] = [];
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (parentPid(Number(entry)) === parent) out.push(Number(entry));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** The server's postmaster pid (first line of postmaster.pid in its data folder), or undefined. */
async function postmasterPid(target: AppDb): Promise<number | undefined> {
  const row = (await target.$executor.execute("select current_setting('data_directory')", [], "get")).rows as [string] | undefined;
  try {
    return Number(readFileSync(join(row![0], "postmaster.pid"), "utf8").split("\n")[0]);
  } catch {
    return undefined;
  }
}

/** The demo province and USERS focal points of UNIT, each with a linked Telegram chat. */
async function seed(target: AppDb): Promise<TelegramUser[]> {
  const now = new Date();
  await loadDemoData(target, now);
  const phones = Array.from({ length: USERS }, (_, i) => `0914${String(i + 1).padStart(6, "0")}`);
  const csv = ["name,phone,unit,role", ...phones.map((p, i) => `Cán bộ thử tải ${i + 1},${p},${UNIT},focal_point`)].join("\n");
  const imported = await importPeople(target, { bytes: new TextEncoder().encode(csv), fileName: "bench.csv" }, { now, inviteTtlDays: 30 });
  if (imported.problems.length) throw new Error(`importPeople: ${JSON.stringify(imported.problems.slice(0, 3))}`);
  const users = phones.map((_, i) => telegramUser(900_000 + i));
  for (const [i, phone] of phones.entries()) {
    const person = (await findPersonByPhone(target, phone))!;
    const account = await ensureChatAccount(target, { channel: "telegram", accountId: "", externalUserId: String(users[i]!.id), displayName: `Official ${users[i]!.id}` });
    await linkChatAccount(target, account.id, person.id, now);
  }
  return users;
}

/** One service process on the database; `webhook` resolves to its webhook address once it is up. */
function serviceOn(url: string) {
  const dataDir = mkdtempSync(join(os.tmpdir(), "chitieu-bench-instance-"));
  const service = startService(["node", "--import", "tsx", "src/main.ts"], dataDir, {
    DATABASE_URL: url,
    LOAD_DEMO: "false",
    DEV_CHAT: "false",
    LOG_LEVEL: "info",
    TELEGRAM_BOT_TOKEN: TOKEN,
    TELEGRAM_WEBHOOK_SECRET: SECRET,
    TELEGRAM_API_ROOT: fake.apiRoot,
    PUBLIC_URL: "https://chitieu.example.test",
  });
  return { ...service, dataDir, webhook: service.ready.then(({ port }) => `http://127.0.0.1:${port}/telegram/webhook`), pid: service.ready.then(({ servicePid }) => servicePid) };
}

async function post(url: string, update: unknown): Promise<void> {
  const res = await fetch(url, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(update) });
  if (res.status !== 200) throw new Error(`webhook answered ${res.status}`);
}

/** The callback data of the "Lưu" button under one confirmation, read off the fake Bot API (then pressed). */
async function discoverSaveButton(url: string, user: TelegramUser): Promise<string> {
  await post(url, user.text(nextUpdateId++, REPORT));
  const save = (await fake.sent(String(user.id))).at(-1)?.buttons.find((b) => b.text === "Lưu");
  if (!save) throw new Error(`"${REPORT}" did not get a confirmation with a "Lưu" button`);
  await post(url, user.press(nextUpdateId++, save.callback_data));
  return save.callback_data;
}

/** `pairs` one-line reports over LANES lanes, each lane owning its users and sent to urlOf(lane). */
async function closedRun(users: TelegramUser[], pairs: number, urlOf: (lane: number) => string, sample: string): Promise<LoadResult> {
  const next = await saveButtons(db!, sample);
  const owned = Array.from({ length: LANES }, (_, l) => users.filter((_, i) => i % LANES === l));
  const lanes: LoadRequest[][] = Array.from({ length: LANES }, () => []);
  for (let p = 0; p < pairs; p++) {
    const lane = p % LANES;
    const user = owned[lane]![Math.floor(p / LANES) % owned[lane]!.length]!;
    const url = urlOf(lane);
    lanes[lane]!.push({ kind: "text", url, body: JSON.stringify(user.text(nextUpdateId++, REPORT)) }, { kind: "press", url, followsPrevious: true, body: JSON.stringify(user.press(nextUpdateId++, next(user))) });
  }
  return await load.run({ type: "closed", url: urlOf(0), headers, lanes, deadlineMs: DEADLINE_MS });
}
