import pg from "pg";
import { describe, expect, it } from "vitest";
import { inTransaction, type AppDb } from "../../db/app-db.ts";
import { openPostgresAppDb } from "../../db/pg-client.ts";
import { loadConversation, saveConversation } from "../../db/repositories/chat-repository.ts";
import { fixedClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import { createUpdateClaims, UpdateHandledElsewhere } from "../../src/services/update-claims.ts";
import { postgresDatabases } from "../support/engines.ts";
import { skipPostgres } from "../support/postgres-tests.ts";
import { waitUntilBlocked } from "../support/postgres-blocking.ts";

/**
 * A turn's first statement on PostgreSQL takes its chat's advisory lock and writes its update's claim
 * (claimProcessedUpdate with lockChat). Two instances (two pools on one database): the same update
 * reaching both is handled once; a chat's next turn waits for the previous one's commit and reads the
 * session it wrote; another chat's turn does not wait.
 */
describe.skipIf(skipPostgres)("the chat's turn lock taken with the update's claim, two instances on PostgreSQL", { timeout: 120_000 }, () => {
  const postgres = postgresDatabases();
  const clock = fixedClock("2026-11-20T02:00:00Z");
  const chat = { channel: "telegram", accountId: "", chatId: "501" };

  async function twoInstances() {
    const url = await postgres.freshUrl();
    const a = await openPostgresAppDb(url, { max: 3 });
    const b = await openPostgresAppDb(url, { max: 3 });
    const watcher = new pg.Client({ connectionString: url });
    await watcher.connect();
    const claimsOf = (db: AppDb) => createUpdateClaims(db, clock, createLogger("silent"));
    return {
      a,
      b,
      watcher,
      claimsA: claimsOf(a),
      claimsB: claimsOf(b),
      close: async () => {
        await watcher.end();
        await Promise.all([a.$executor.close(), b.$executor.close()]);
      },
    };
  }

  /** Runs `fn` in a transaction of `db` after its first statement and holds it open until released. */
  function heldTurn<T>(db: AppDb, fn: () => Promise<T>) {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let started!: () => void;
    const ready = new Promise<void>((r) => (started = r));
    const done = inTransaction(db, async () => {
      const result = await fn();
      started();
      await held;
      return result;
    });
    return { ready, release, done };
  }

  it("handles an update that reached both instances once: the second waits, then is refused", async () => {
    const { a, b, watcher, claimsA, claimsB, close } = await twoInstances();
    try {
      expect(await claimsA.claim("telegram", "20")).toBe(true);
      expect(await claimsB.claim("telegram", "20")).toBe(true); // nothing committed yet: both pass the check before the turn
      const first = heldTurn(a, async () => await claimsA.writeClaimOf("telegram:20", chat));
      await first.ready;
      const second = inTransaction(b, async () => await claimsB.writeClaimOf("telegram:20", chat));
      expect(await waitUntilBlocked(watcher), "instance B waits for A's turn").toBe(true);
      first.release();
      expect((await first.done)?.updateId).toBe("20");
      await expect(second).rejects.toBeInstanceOf(UpdateHandledElsewhere);
    } finally {
      await close();
    }
  });

  it("keeps a chat's turns in order across instances, and lets another chat's turn through meanwhile", async () => {
    const { a, b, watcher, claimsA, claimsB, close } = await twoInstances();
    try {
      await claimsA.claim("telegram", "30");
      await claimsB.claim("telegram", "31");
      await claimsB.claim("telegram", "32");
      const first = heldTurn(a, async () => {
        const claim = await claimsA.writeClaimOf("telegram:30", chat);
        await saveConversation(a, chat, { personId: null, session: { step: "written by update 30" }, now: clock.now(), ttlMs: 60_000 });
        return claim;
      });
      await first.ready;
      // Another chat's turn on instance B is not held up by chat 501's lock.
      const otherChat = await inTransaction(b, async () => await claimsB.writeClaimOf("telegram:32", { ...chat, chatId: "502" }));
      expect(otherChat?.updateId).toBe("32");
      // Chat 501's next turn on instance B waits, then reads the session update 30 wrote.
      const next = inTransaction(b, async () => {
        const claim = await claimsB.writeClaimOf("telegram:31", chat);
        return { claim, session: await loadConversation(b, chat, clock.now(), { lockHeld: claim !== undefined }) };
      });
      expect(await waitUntilBlocked(watcher), "chat 501's next turn waits for the one in progress").toBe(true);
      first.release();
      await first.done;
      expect(await next).toMatchObject({ claim: { updateId: "31" }, session: { step: "written by update 30" } });
    } finally {
      await close();
    }
  });
});
