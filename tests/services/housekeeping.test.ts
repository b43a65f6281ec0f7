import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { claimProcessedUpdate, saveConversation } from "../../db/repositories/chat-repository.ts";
import { conversationStates, processedUpdates } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { housekeeping } from "../../src/jobs/housekeeping.ts";
import { createLogger } from "../../src/logger.ts";
import { tempDatabase } from "../support/temp-database.ts";

describe("housekeeping", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it("forgets update ids after 48 hours (ids restart after a quiet week) and drops expired conversations", () => {
    const t = tempDatabase();
    remove = t.remove;
    const clock = fixedClock("2026-11-20T00:00:00Z");
    expect(claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(true);
    expect(claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(false);
    saveConversation(t.db, { channel: "telegram", accountId: "", chatId: "1" }, { personId: null, session: {}, now: clock.now(), ttlMs: 3_600_000 });
    clock.advance(47 * 3_600_000);
    expect(housekeeping(t.db, clock, createLogger("silent"))).toEqual({ updates: 0, conversations: 1 });
    expect(claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(false);
    clock.advance(2 * 3_600_000);
    expect(housekeeping(t.db, clock, createLogger("silent")).updates).toBe(1);
    expect(t.db.select({ n: count() }).from(processedUpdates).get()?.n).toBe(0);
    expect(t.db.select({ n: count() }).from(conversationStates).get()?.n).toBe(0);
    expect(claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(true);
  });
});
