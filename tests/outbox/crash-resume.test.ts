import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { outboxStatusCounts } from "../../db/repositories/outbox-repository.ts";
import { FakeTelegram } from "../support/fake-telegram.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { addChatAccounts, enqueueBroadcast, recipientIds } from "./outbox-fixtures.ts";
import { describeSqliteOnly } from "../support/test-engine.ts";

const child = fileURLToPath(new URL("./fixtures/dispatch-child.ts", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));
const RECIPIENTS = 1500;
const RATE = 300;
const CONCURRENCY = 8;
const LEASE_MS = 1000;

function startChild(dbFile: string, apiRoot: string): { proc: ChildProcess; exited: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> } {
  const proc = spawn(process.execPath, ["--import", "tsx", child, dbFile, apiRoot, String(RATE), String(CONCURRENCY), String(LEASE_MS)], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  proc.stdout?.on("data", (d: Buffer) => (stdout += d.toString()));
  proc.stderr?.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => proc.once("exit", (code, signal) => resolve({ code, signal, stdout, stderr })));
  return { proc, exited };
}

describeSqliteOnly("the child process opens the SQLite file")("a dispatcher killed mid-broadcast (SIGKILL) and started again", () => {
  const cleanups: (() => Promise<void> | void)[] = [];
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it(`finishes the rest: every recipient gets the message, at most ${CONCURRENCY} (the messages in flight) twice`, async () => {
    const t = tempDatabase();
    cleanups.push(t.remove);
    const fake = await new FakeTelegram().start();
    cleanups.push(() => fake.stop());
    fake.enforceLimits({ perSecond: RATE, perChatPerSecond: 1, retryAfter: "exact" });
    const chats = recipientIds(RECIPIENTS);
    await addChatAccounts(t.db, "telegram", chats);
    await enqueueBroadcast(t.db, { broadcastId: 7, chatIds: chats, now: new Date() });

    const first = startChild(t.file, fake.apiRoot);
    cleanups.push(() => void first.proc.kill("SIGKILL"));
    await fake.waitForCalls("sendMessage", 500);
    first.proc.kill("SIGKILL");
    const killed = await first.exited;
    expect(killed.signal).toBe("SIGKILL");
    const atKill = await outboxStatusCounts(t.db, 7);
    expect(atKill.sent).toBeGreaterThan(400);
    expect(atKill.sent).toBeLessThan(RECIPIENTS);

    const second = startChild(t.file, fake.apiRoot);
    cleanups.push(() => void second.proc.kill("SIGKILL"));
    const done = await second.exited;
    expect(done.code, done.stderr).toBe(0);

    expect(await outboxStatusCounts(t.db, 7)).toEqual({ pending: 0, sending: 0, sent: RECIPIENTS, failed: 0, blocked: 0 });
    const received = fake.messagesPerChat();
    const lost = chats.filter((c) => !received.has(c));
    const twice = chats.filter((c) => received.get(c) === 2);
    const more = chats.filter((c) => (received.get(c) ?? 0) > 2);
    expect(lost).toEqual([]);
    expect(more).toEqual([]);
    expect(twice.length).toBeLessThanOrEqual(CONCURRENCY);
    console.info(`killed after ${atKill.sent} sent (${atKill.sending} claimed); recipients messaged twice: ${twice.length} (bound ${CONCURRENCY}); second run: ${done.stdout.trim()}; fake refusals ${JSON.stringify(fake.limitRefusals)}`);
  }, 40_000);
});
