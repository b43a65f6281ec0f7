import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { ensureChatAccount, linkChatAccount } from "../../db/repositories/chat-repository.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { processedUpdates, reportRevisions } from "../../db/schema.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { tempDatabase } from "../support/temp-database.ts";

const root = fileURLToPath(new URL("../..", import.meta.url));
const token = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz";
const secret = "s3cret-webhook-token-0123456789";
const lan = 600_001;
const date = Math.floor(Date.now() / 1000);
const chat = { id: lan, type: "private" as const, first_name: "Lan" };
const from = { id: lan, is_bot: false, first_name: "Lan", language_code: "vi" };
const text = (updateId: number, body: string) => ({ update_id: updateId, message: { message_id: updateId, date, chat, from, text: body } });
const press = (updateId: number, data: string) => ({
  update_id: updateId,
  callback_query: { id: `cb-${updateId}`, from, chat_instance: "ci", data, message: { message_id: 1, date, chat, text: "…", from: { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu" } } },
});

interface Service {
  proc: ChildProcess;
  port: Promise<number>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  output(): string;
}

/** The real service (src/main.ts) in webhook mode against the fake Bot API, on the test's SQLite file. */
function startService(dir: string, apiRoot: string): Service {
  const proc = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
    cwd: root,
    env: {
      ...process.env,
      NODE_ENV: "development",
      DATA_DIR: dir,
      PORT: "0",
      HOST: "127.0.0.1",
      LOG_LEVEL: "info",
      LOAD_DEMO: "false",
      DEV_CHAT: "false",
      TELEGRAM_BOT_TOKEN: token,
      TELEGRAM_WEBHOOK_SECRET: secret,
      TELEGRAM_API_ROOT: apiRoot,
      PUBLIC_URL: "https://chitieu.example.test",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const port = new Promise<number>((resolve, reject) => {
    const read = (chunk: Buffer) => {
      output += chunk.toString();
      const m = /chitieu is up: http:\/\/127\.0\.0\.1:(\d+)/.exec(output);
      if (m) resolve(Number(m[1]));
    };
    proc.stdout?.on("data", read);
    proc.stderr?.on("data", read);
    proc.once("exit", (code) => reject(new Error(`service exited with ${code} before it was ready:\n${output}`)));
  });
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal })));
  return { proc, port, exited, output: () => output };
}

function poster(port: number) {
  return (update: unknown) =>
    fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    }).then((r) => r.status, () => 0);
}

describe("a service killed (SIGKILL) while updates of one chat wait in its queue", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("handles Telegram's redelivery of the queued updates after a restart: each once, one revision each, replies sent", async () => {
    const t = tempDatabase();
    cleanups.push(t.remove);
    await loadDemoData(t.db, new Date());
    const person = (await findPersonByPhone(t.db, "0912000001"))!;
    const account = await ensureChatAccount(t.db, { channel: "telegram", accountId: "", externalUserId: String(lan), displayName: "Lan" });
    await linkChatAccount(t.db, account.id, person.id, new Date());
    const fake = await new FakeTelegram().start();
    cleanups.push(() => fake.stop());

    const first = startService(t.dir, fake.apiRoot);
    cleanups.push(() => void first.proc.kill("SIGKILL"));
    const post = poster(await first.port);

    // A one-line report waits for its confirmation.
    expect(await post(text(101, "5G 72"))).toBe(200);
    const confirm = fake.callsOf("sendMessage").at(-1)!.payload as { text: string; reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] } };
    expect(confirm.text).toContain("Kiểm tra trước khi lưu");
    const save = confirm.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Lưu")!.callback_data;

    // From now on Telegram holds every reply: the press on "Lưu" commits its turn, then hangs on sending
    // its answer, while a second report and its confirmation wait behind it in the chat's queue.
    fake.failWhen((method) => (method === "sendMessage" ? { delayMs: 60_000 } : undefined));
    const sendsBefore = fake.callsOf("sendMessage").length;
    void post(press(102, save));
    await fake.waitForCalls("sendMessage", sendsBefore + 1);
    const queued = [text(103, "I.2 72"), text(104, "1"), text(105, "có")];
    for (const update of queued) {
      // Delivered twice at once, as Telegram does after a timeout: the copy refused from memory answers
      // first, which tells the test that the other one is in the queue.
      await Promise.race([post(update), post(update)]);
    }
    first.proc.kill("SIGKILL");
    expect((await first.exited).signal).toBe("SIGKILL");
    const revisionsAtKill = (await t.db.select().from(reportRevisions).all()).length;
    expect(revisionsAtKill).toBe(1);
    expect((await t.db.select().from(processedUpdates).all()).map((r) => r.updateId).sort()).toEqual(["101", "102"]);

    fake.reset();
    const second = startService(t.dir, fake.apiRoot);
    cleanups.push(() => void second.proc.kill("SIGKILL"));
    const again = poster(await second.port);
    // Telegram delivers again what was never answered, in order.
    for (const update of [press(102, save), ...queued]) expect(await again(update)).toBe(200);

    const revisions = await t.db.select().from(reportRevisions).all();
    expect(revisions).toHaveLength(2);
    expect(new Set(revisions.map((r) => r.sourceRef))).toEqual(new Set(["telegram:102", "telegram:105"]));
    const replies = fake.sentTexts(lan);
    expect(replies).toHaveLength(3);
    expect(replies[0]).toContain("dành cho chỉ tiêu nào");
    expect(replies[1]).toContain("Kiểm tra trước khi lưu");
    expect(replies[2]).toContain("Đã lưu báo cáo [I.2]");
    second.proc.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
  }, 60_000);
});
