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
import { mkdtempSync, rmSync } from "node:fs";
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
import { startService } from "../tests/support/start-service.ts";
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
  const one: LoadResult[] = [];
  for (let i = 0; i < RUNS; i++) one.push(await closedRun(users, PAIRS, () => aUrl, sample));

  const b = serviceOn(url);
  services.push(b);
  const bUrl = await b.webhook;
  await closedRun(users, USERS, (lane) => (lane % 2 === 0 ? aUrl : bUrl), sample);
  const two: LoadResult[] = [];
  for (let i = 0; i < RUNS; i++) two.push(await closedRun(users, PAIRS, (lane) => (lane % 2 === 0 ? aUrl : bUrl), sample));

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
  return { ...service, dataDir, webhook: service.ready.then(({ port }) => `http://127.0.0.1:${port}/telegram/webhook`) };
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
