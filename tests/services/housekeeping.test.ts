import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { claimProcessedUpdate, saveConversation } from "../../db/repositories/chat-repository.ts";
import { conversationStates, people, processedUpdates, reminderDeliveries, units } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { housekeeping } from "../../src/jobs/housekeeping.ts";
import { createLogger } from "../../src/logger.ts";
import { tempDatabase } from "../support/temp-database.ts";

describe("housekeeping", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  it("forgets update ids after 48 hours (ids restart after a quiet week) and drops expired conversations", async () => {
    const t = tempDatabase();
    remove = t.remove;
    const clock = fixedClock("2026-11-20T00:00:00Z");
    expect(await claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(true);
    expect(await claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(false);
    await saveConversation(t.db, { channel: "telegram", accountId: "", chatId: "1" }, { personId: null, session: {}, now: clock.now(), ttlMs: 3_600_000 });
    clock.advance(47 * 3_600_000);
    expect(await housekeeping(t.db, clock, createLogger("silent"))).toEqual({ updates: 0, conversations: 1, reminderDeliveries: 0 });
    expect(await claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(false);
    clock.advance(2 * 3_600_000);
    expect((await housekeeping(t.db, clock, createLogger("silent"))).updates).toBe(1);
    expect((await t.db.select({ n: count() }).from(processedUpdates).get())?.n).toBe(0);
    expect((await t.db.select({ n: count() }).from(conversationStates).get())?.n).toBe(0);
    expect(await claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(true);
  });

  it("forgets the reminders queued for periods no assignment can have open, and keeps the open periods' and the one-off items'", async () => {
    const t = tempDatabase();
    remove = t.remove;
    // Monday 23/11/2026 in Hanoi: open are 2026-11 and 2026-10, 2026-Q4 and Q3, H2 and H1, 2026-9M and 2025-9M, 2026 and 2025.
    const clock = fixedClock("2026-11-23T01:05:00Z");
    const unit = await t.db.insert(units).values({ name: "Sở Tài chính", key: "so tai chinh", kind: "department" }).returning().get();
    const person = await t.db.insert(people).values({ name: "Nguyễn Văn A", unitId: unit.id }).returning().get();
    const periods = ["2026-11", "2026-10", "2026-09", "2026-Q3", "2026-Q2", "2026-H1", "2025-H2", "2025-9M", "2024-9M", "2025", "2024", "once"];
    for (const periodKey of periods) {
      await t.db.insert(reminderDeliveries).values({ personId: person.id, subjectKey: "i:1", unitId: unit.id, periodKey, kind: "before", offsetDays: 3, localDate: "2026-11-20" }).run();
    }
    expect((await housekeeping(t.db, clock, createLogger("silent"))).reminderDeliveries).toBe(5);
    const kept = (await t.db.select({ periodKey: reminderDeliveries.periodKey }).from(reminderDeliveries).all()).map((r) => r.periodKey);
    expect(kept.sort()).toEqual(["2025", "2025-9M", "2026-10", "2026-11", "2026-H1", "2026-Q3", "once"].sort());
    expect((await housekeeping(t.db, clock, createLogger("silent"))).reminderDeliveries).toBe(0);
  });
});
