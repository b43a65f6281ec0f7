import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { connectZaloChat, type ZaloChatConnection } from "../../bots/zalo/connect-zalo-chat.ts";
import type { ZcaTransport } from "../../bots/zalo/zca/create-zca-transport.ts";
import { credentialsStoreFor } from "../../bots/zalo/zca/credentials-store.ts";
import { startZcaTransport } from "../../bots/zalo/zca/start-zca-transport.ts";
import { chatAccounts, evidence, reportRevisions } from "../../db/schema.ts";
import { createLogger } from "../../src/logger.ts";
import { loadCase, type ConversationCase } from "../chat/run-conversation.ts";
import { FakeZca, savedCredentials, zcaUser } from "../support/fake-zca.ts";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { checkZaloReplies } from "./check-zalo-replies.ts";
import { offeredIn } from "../support/zalo-user.ts";

const casesDir = fileURLToPath(new URL("../chat/cases", import.meta.url));
const logger = createLogger("silent");

/**
 * The real chat host (demo province, real SQLite) behind the zca transport and the shared Zalo
 * glue, with the fake zca-js client in place of Zalo: messages go in as zca-js Message objects on
 * the listener, the answers are read off the fake's sendMessage.
 */
async function startZcaApp(now?: string) {
  const app = await startTestApp({ demo: true, ...(now ? { now } : {}), env: { ZALO_TRANSPORT: "zca" } });
  await credentialsStoreFor(app.config).save(savedCredentials);
  const fake = new FakeZca();
  const transport = await startZcaTransport({ config: app.config, db: app.db, logger, clock: app.clock, translator: app.translator, zalo: fake.factory, sleep: async () => undefined });
  const connection = await connectZaloChat({ transport, chat: app.chat, translator: app.translator, logger, defaultLocale: app.config.DEFAULT_LOCALE, allowGroups: false });
  return { app, fake, transport, connection };
}

type ZcaApp = Awaited<ReturnType<typeof startZcaApp>>;

function sentTo(z: ZcaApp, userId: string): string[] {
  return z.fake.apis.flatMap((api) => api.sent.filter((s) => s.threadId === userId).map((s) => s.text));
}

/** One message from a Zalo user through the listener; resolves when it has been answered. */
async function say(z: ZcaApp, message: ReturnType<ReturnType<typeof zcaUser>["text"]>): Promise<void> {
  z.fake.api.listener.deliver(message);
  await (z.transport as ZcaTransport).idle();
}

async function replayOverZca(z: ZcaApp, c: ConversationCase): Promise<void> {
  const users = new Map<string, ReturnType<typeof zcaUser> & { id: string }>();
  for (const [i, turn] of c.turns.entries()) {
    const where = `${c.name}, turn ${i + 1}`;
    if (turn.at) z.app.clock.set(turn.at);
    let user = users.get(turn.as);
    if (!user) {
      const id = `81234567${String(users.size).padStart(11, "0")}`;
      user = { ...zcaUser(z.fake.ownId, id, `Cán bộ ${users.size + 1}`), id };
      users.set(turn.as, user);
    }
    let message;
    if (turn.press !== undefined) {
      const last = sentTo(z, user.id).at(-1) ?? "";
      const { numbered, words } = offeredIn(last);
      const matches = (label: string) => label === turn.press || label.startsWith(turn.press!);
      const n = numbered.findIndex(matches);
      const word = words.find(matches);
      if (n < 0 && word === undefined) throw new Error(`${where}: "${turn.press}" is not offered in ${JSON.stringify(last.slice(-300))}`);
      message = user.text(n >= 0 ? String(n + 1) : word!);
    } else if (turn.attachment) {
      const a = turn.attachment;
      message =
        a.kind === "photo"
          ? user.photo(`https://f21-zpc.zdn.vn/jpg/8612/${String(a.fileId ?? "photo")}.jpg`)
          : a.kind === "document"
            ? user.file(`https://f21-zpc.zdn.vn/f/8612/${String(a.fileId ?? "file")}`, String(a.fileName ?? "bao-cao.pdf"), Number(a.sizeBytes ?? 1000))
            : a.kind === "sticker"
              ? user.sticker()
              : user.voice();
    } else message = user.text(turn.send ?? "");
    const before = sentTo(z, user.id).length;
    await say(z, message);
    const replies = sentTo(z, user.id).slice(before);
    checkZaloReplies(where, replies, turn);
  }
}

describe("every conversation case, replayed through the zca-js transport (fake zca-js client) and the real chat host", () => {
  let z: ZcaApp | undefined;
  let connection: ZaloChatConnection | undefined;
  afterEach(async () => {
    await connection?.stop();
    await z?.app.close();
    z = undefined;
    connection = undefined;
  });

  for (const file of readdirSync(casesDir).filter((f) => f.endsWith(".json")).sort()) {
    const c = loadCase(join(casesDir, file));
    it(c.name, async () => {
      z = await startZcaApp(c.now);
      connection = z.connection;
      await replayOverZca(z, c);
    });
  }

  it("keeps a photo sent during a report as evidence, with Zalo's URL as the file id", async () => {
    z = await startZcaApp();
    connection = z.connection;
    const c = loadCase(join(casesDir, "task-status-vi.json"));
    await replayOverZca(z, c);
    const rows = z.app.db.select({ kind: evidence.kind, channel: evidence.channel, fileId: evidence.fileId, fileName: evidence.fileName }).from(evidence).all();
    expect(rows).toEqual([{ kind: "photo", channel: "zalo", fileId: "https://f21-zpc.zdn.vn/jpg/8612/photo-1.jpg", fileName: "photo-1.jpg" }]);
    expect(z.app.db.select({ channel: reportRevisions.channel }).from(reportRevisions).all()).toEqual([{ channel: "zalo" }]);
  });

  it("keys the chat account by (zalo, the logged-in account's id, the Zalo user id)", async () => {
    z = await startZcaApp();
    connection = z.connection;
    await say(z, zcaUser(z.fake.ownId, "8123000000000000042").text("DM-KHCN"));
    expect(z.app.db.select({ channel: chatAccounts.channel, accountId: chatAccounts.accountId, externalUserId: chatAccounts.externalUserId }).from(chatAccounts).all()).toEqual([
      { channel: "zalo", accountId: z.fake.ownId, externalUserId: "8123000000000000042" },
    ]);
    // Having written first, the person may now get reminders through the outbox, even after a restart.
    expect(z.transport.canMessage("8123000000000000042")).toBe(true);
  });

  it("answers a redelivered message once", async () => {
    z = await startZcaApp();
    connection = z.connection;
    const user = zcaUser(z.fake.ownId, "8123000000000000043");
    const hello = user.text("DM-KHCN");
    await say(z, hello);
    const after = sentTo(z, "8123000000000000043").length;
    await say(z, hello);
    expect(sentTo(z, "8123000000000000043")).toHaveLength(after);
  });
});
