import { eq } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { ZaloApiError } from "zca-js";
import { startZcaTransport } from "../../bots/zalo/zca/start-zca-transport.ts";
import { credentialsStoreFor } from "../../bots/zalo/zca/credentials-store.ts";
import type { ZaloStatus } from "../../bots/zalo/zalo-transport.ts";
import { ensureChatAccount, linkChatAccount } from "../../db/repositories/chat-repository.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { outbox } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { alertCoordinatorsInBackground } from "../../src/services/alert-coordinators.ts";
import { FakeZca, savedCredentials } from "../support/fake-zca.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { asSent } from "../support/as-sent.ts";
import { testConfig } from "../support/test-config.ts";

const logger = createLogger("silent");
const translator = createTranslator("vi");

/**
 * The zca transport as the service starts it, over the fake zca-js client and a real SQLite file
 * with the demo province. The reconnect loop's waits go through an injected sleep that returns at
 * once and records the delay; the test waits for the transport's own status events, never for time.
 */
async function setup() {
  const clock = fixedClock("2026-11-20T02:00:00Z");
  const t = await tempDemoDatabase(clock.now());
  cleanups.push(t.remove);
  const config = testConfig(t.dir, { ZALO_TRANSPORT: "zca" });
  await credentialsStoreFor(config).save(savedCredentials);
  const fake = new FakeZca();
  const sleeps: number[] = [];
  const statuses: ZaloStatus[] = [];
  const waiting: { type: ZaloStatus["type"]; count: number; resolve: () => void }[] = [];
  // The service's background alert queue: a test reads the outbox once what was handed to it is written (PostgreSQL takes round trips).
  const alerts = alertCoordinatorsInBackground({ db: t.db, clock }, logger);
  const transport = await startZcaTransport({ config, db: t.db, logger, clock, translator, zalo: fake.factory, sleep: async (ms) => void sleeps.push(ms), alertCoordinators: alerts });
  cleanups.push(() => transport.stop());
  const onStatus = (s: ZaloStatus) => {
    statuses.push(s);
    for (const w of [...waiting]) {
      if (statuses.filter((x) => x.type === w.type).length >= w.count) {
        waiting.splice(waiting.indexOf(w), 1);
        w.resolve();
      }
    }
  };
  /** Resolves once `count` statuses of this type have been seen in all. */
  const seen = (type: ZaloStatus["type"], count: number) =>
    new Promise<void>((resolve) => {
      if (statuses.filter((x) => x.type === type).length >= count) resolve();
      else waiting.push({ type, count, resolve });
    });
  await transport.start({ onMessage: async () => undefined, onStatus });
  await seen("connected", 1);
  /** The coordinators' notices in the outbox, once every alert handed over so far is written. */
  const notices = async () => {
    await alerts.settled();
    return await t.db.select().from(outbox).where(eq(outbox.kind, "notice")).all();
  };
  cleanups.push(() => alerts.settled());
  return { db: t.db, clock, config, fake, transport, sleeps, statuses, seen, notices };
}
const cleanups: (() => unknown)[] = [];

/** A person's chat account on a channel, linked as if they had sent their invite code there. */
async function linkAccount(db: Parameters<typeof ensureChatAccount>[0], phone: string, channel: string, userId: string, accountId = ""): Promise<void> {
  const person = (await findPersonByPhone(db, phone))!;
  const account = await ensureChatAccount(db, { channel, accountId, externalUserId: userId });
  await linkChatAccount(db, account.id, person.id, new Date("2026-11-19T02:00:00Z"));
}

describe("the zca transport's own reconnect loop", () => {
  afterEach(async () => {
    for (const c of cleanups.splice(0).reverse()) await c();
  });

  it("logs in again exactly once after an abnormal close (1006) and restarts the listener", async () => {
    const { fake, sleeps, statuses, seen } = await setup();
    const first = fake.api;
    first.listener.close(1006, "");
    await seen("connected", 2);
    expect(fake.logins).toHaveLength(2);
    expect(fake.apis).toHaveLength(2);
    expect(fake.api).not.toBe(first);
    expect(fake.api.listener.starts).toEqual([{ retryOnClose: false }]);
    expect(sleeps).toEqual([5_000]);
    expect(statuses.filter((s) => s.type === "reconnecting")).toEqual([{ type: "reconnecting", attempt: 1, reason: "closed 1006", delayMs: 5_000 }]);
    expect(statuses.map((s) => s.type)).not.toContain("kicked");
  });

  it("backs off exponentially while the login keeps failing, then starts from the first delay again once a connection held", async () => {
    const { fake, clock, sleeps, seen } = await setup();
    fake.loginOutcomes.push(new TypeError("fetch failed"), new TypeError("fetch failed"), new TypeError("fetch failed"));
    fake.api.listener.close(1006);
    await seen("connected", 2);
    expect(sleeps).toEqual([5_000, 10_000, 20_000, 40_000]);
    expect(fake.logins).toHaveLength(5);
    clock.advance(3 * 60_000);
    fake.api.listener.close(1006);
    await seen("connected", 3);
    expect(sleeps).toEqual([5_000, 10_000, 20_000, 40_000, 5_000]);
  });

  it("keeps the wait bounded however long the outage lasts", async () => {
    const { fake, sleeps, seen } = await setup();
    for (let i = 0; i < 12; i++) fake.loginOutcomes.push(new TypeError("fetch failed"));
    fake.api.listener.close(1006);
    await seen("connected", 2);
    expect(Math.max(...sleeps)).toBe(5 * 60_000);
    expect(sleeps).toHaveLength(13);
  });

  it("asks for a new QR login when Zalo keeps refusing the saved cookie", async () => {
    const { fake, transport, statuses, seen } = await setup();
    for (let i = 0; i < 3; i++) fake.loginOutcomes.push(new ZaloApiError("Failed to fetch server info: zpw_sek bị thiếu hoặc không đúng"));
    fake.api.listener.close(1006);
    await seen("login_required", 1);
    expect(fake.logins).toHaveLength(4);
    expect(transport.state).toBe("login_required");
    expect(statuses.at(-1)).toEqual({
      type: "login_required",
      reason: expect.stringContaining("refused the saved credentials 3 times in a row"),
      said: { key: "zalo.reason.credentials_refused", params: { times: 3 } },
    });
  });

  it("stops on a kick (3003), alerts each coordinator account on another channel exactly once, and never logs in again", async () => {
    const { db, fake, transport, statuses, sleeps, notices } = await setup();
    await linkAccount(db, "0912000003", "telegram", "300003");
    await linkAccount(db, "0912000003", "devchat", "0912000003");
    await linkAccount(db, "0912000003", "zalo", "z-ha", fake.ownId);
    await linkAccount(db, "0912000001", "telegram", "300001");
    const api = fake.api;
    api.listener.close(3003, "");
    api.listener.close(3003, "");
    await transport.idle();
    expect(transport.state).toBe("kicked");
    expect(statuses.filter((s) => s.type === "kicked")).toEqual([{ type: "kicked", code: 3003, reason: "kicked by a new login" }]);
    expect(fake.logins).toHaveLength(1);
    expect(sleeps).toEqual([]);
    expect(api.listener.stops).toBe(1);
    const alerts = await notices();
    expect(alerts.map((a) => [a.channel, a.chatId]).sort()).toEqual([
      ["devchat", "0912000003"],
      ["telegram", "300003"],
    ]);
    for (const a of alerts) {
      expect(asSent(a).text).toContain("Zalo Web hoặc Zalo PC");
      expect(asSent(a).text).toContain(fake.ownId);
      expect(a.dedupKey).toMatch(/^alert:zalo-kicked:7000000000000000001:/);
    }
    const err = await transport.sendText("300003", "x").catch((e: unknown) => e);
    expect(err).toMatchObject({ kind: "rate_limited" });
  });

  it("treats a duplicate connection (3000) as a kick too", async () => {
    const { fake, transport, statuses } = await setup();
    fake.api.listener.close(3000, "");
    expect(transport.state).toBe("kicked");
    expect(statuses.filter((s) => s.type === "kicked")).toEqual([{ type: "kicked", code: 3000, reason: "duplicate connection" }]);
    expect(fake.logins).toHaveLength(1);
  });

  it("comes back after a kick only when asked (a new QR login), and alerts again for a new kick", async () => {
    const { db, clock, fake, transport, statuses, seen, notices } = await setup();
    await linkAccount(db, "0912000003", "telegram", "300003");
    fake.api.listener.close(3003);
    clock.advance(30 * 60_000);
    await transport.resume();
    await seen("connected", 2);
    expect(transport.state).toBe("running");
    expect(fake.logins).toHaveLength(2);
    clock.advance(60 * 60_000);
    fake.api.listener.close(3003);
    expect(statuses.filter((s) => s.type === "kicked")).toHaveLength(2);
    expect(await notices()).toHaveLength(2);
  });
});
