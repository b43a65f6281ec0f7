import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { AppDb } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { ensureChatAccount, linkChatAccount } from "../../db/repositories/chat-repository.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { processedUpdates, reportRevisions } from "../../db/schema.ts";
import { postgresDatabases } from "../support/engines.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { startService } from "../support/start-service.ts";

/**
 * The real service process (src/main.ts) with DATABASE_URL on a real PostgreSQL server (issue 11),
 * in webhook mode against the fake Bot API on 127.0.0.1 that grammY really talks to.
 */
const token = "123456789:TEST-token_abcdefghijklmnopqrstuvwxyz";
const secret = "s3cret-webhook-token-0123456789";
const date = Math.floor(Date.now() / 1000);
const lan = 610_001;

const user = (id: number) => ({ id, is_bot: false, first_name: `Lan ${id}`, language_code: "vi" });
const text = (chatId: number, updateId: number, body: string) => ({ update_id: updateId, message: { message_id: updateId, date, chat: { id: chatId, type: "private", first_name: "Lan" }, from: user(chatId), text: body } });
const press = (chatId: number, updateId: number, data: string) => ({
  update_id: updateId,
  callback_query: { id: `cb-${updateId}`, from: user(chatId), chat_instance: "ci", data, message: { message_id: 1, date, chat: { id: chatId, type: "private", first_name: "Lan" }, text: "…", from: { id: 7000000001, is_bot: true, first_name: "Chỉ tiêu" } } },
});

function serviceOn(url: string, apiRoot: string) {
  const dataDir = mkdtempSync(join(tmpdir(), "chitieu-pg-service-"));
  const service = startService(["node", "--import", "tsx", "src/main.ts"], dataDir, {
    DATABASE_URL: url,
    LOAD_DEMO: "false",
    DEV_CHAT: "false",
    TELEGRAM_BOT_TOKEN: token,
    TELEGRAM_WEBHOOK_SECRET: secret,
    TELEGRAM_API_ROOT: apiRoot,
    PUBLIC_URL: "https://chitieu.example.test",
  });
  const post = async (update: unknown): Promise<number> => {
    const { port } = await service.ready;
    return fetch(`http://127.0.0.1:${port}/telegram/webhook`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-telegram-bot-api-secret-token": secret },
      body: JSON.stringify(update),
    }).then((r) => r.status, () => 0);
  };
  return { ...service, dataDir, post };
}

/** The "Lưu" button of the last confirmation the bot sent to a chat. */
function saveButton(fake: FakeTelegram, chatId: number): string {
  const confirm = fake.callsOf("sendMessage").filter((c) => String(c.payload.chat_id) === String(chatId)).at(-1)!.payload as { text: string; reply_markup?: { inline_keyboard: { text: string; callback_data: string }[][] } };
  expect(confirm.text).toContain("Kiểm tra trước khi lưu");
  return confirm.reply_markup!.inline_keyboard.flat().find((b) => b.text === "Lưu")!.callback_data;
}

/** Demo province, and `chats` Telegram chats linked to Lan (focal point of 5G). */
async function seed(db: AppDb, chats: number[]): Promise<void> {
  await loadDemoData(db, new Date());
  const person = (await findPersonByPhone(db, "0912000001"))!;
  for (const chatId of chats) {
    const account = await ensureChatAccount(db, { channel: "telegram", accountId: "", externalUserId: String(chatId), displayName: "Lan" });
    await linkChatAccount(db, account.id, person.id, new Date());
  }
}

describe.skipIf(skipPostgres)("npm start on PostgreSQL (DATABASE_URL)", { timeout: 180_000 }, () => {
  const postgres = postgresDatabases();
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("stores a report sent by webhook in PostgreSQL, writes no SQLite file, and keeps it across a restart", async () => {
    const url = await postgres.freshUrl();
    const db = await openPostgresAppDb(url, { max: 2 });
    cleanups.push(() => db.$executor.close());
    await seed(db, [lan]);
    const fake = await new FakeTelegram().start();
    cleanups.push(() => fake.stop());

    const first = serviceOn(url, fake.apiRoot);
    cleanups.push(() => void first.child.kill("SIGKILL"), () => rmSync(first.dataDir, { recursive: true, force: true }));
    await first.ready;
    expect(first.output()).toMatch(/"engine":"postgres"[^\n]*database ready/);
    expect(await first.post(text(lan, 101, "5G 72"))).toBe(200);
    expect(await first.post(press(lan, 102, saveButton(fake, lan)))).toBe(200);
    expect(fake.sentTexts(lan).at(-1)).toContain("Đã lưu báo cáo");
    const revisions = await db.select().from(reportRevisions).all();
    expect(revisions.map((r) => r.sourceRef)).toEqual(["telegram:102"]);
    first.child.kill("SIGTERM");
    expect((await first.exited).code).toBe(0);
    expect(first.output()).not.toContain("WAL checkpoint");
    expect(existsSync(join(first.dataDir, "chitieu.db"))).toBe(false);

    const second = serviceOn(url, fake.apiRoot);
    cleanups.push(() => void second.child.kill("SIGKILL"), () => rmSync(second.dataDir, { recursive: true, force: true }));
    await second.ready;
    // The stored report is still there, and the restarted service knows the update was handled.
    expect(await second.post(press(lan, 102, "whatever"))).toBe(200);
    expect((await db.select().from(reportRevisions).all()).map((r) => r.sourceRef)).toEqual(["telegram:102"]);
    expect(await second.post(text(lan, 103, "5G 80"))).toBe(200);
    expect(await second.post(press(lan, 104, saveButton(fake, lan)))).toBe(200);
    expect((await db.select().from(reportRevisions).all()).map((r) => r.sourceRef).sort()).toEqual(["telegram:102", "telegram:104"]);
    const health = await fetch(`http://127.0.0.1:${(await second.ready).port}/healthz`).then((r) => r.json() as Promise<{ database: string }>);
    expect(health.database).toBe("ok");
    second.child.kill("SIGTERM");
    expect((await second.exited).code).toBe(0);
    expect(`${first.output()}${second.output()}`).not.toMatch(/sqlite|chitieu\.db/i);
  });
});
