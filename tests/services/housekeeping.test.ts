import { existsSync, utimesSync } from "node:fs";
import { join } from "node:path";
import { count } from "drizzle-orm";
import { afterEach, describe, expect, it } from "vitest";
import { claimProcessedUpdate, saveConversation } from "../../db/repositories/chat-repository.ts";
import { attachPlanFile } from "../../db/repositories/plan-files-repository.ts";
import { conversationStates, people, planFiles, plans, processedUpdates, reminderDeliveries, units } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { housekeeping } from "../../src/jobs/housekeeping.ts";
import { createLogger } from "../../src/logger.ts";
import { keepPlanFile } from "../../src/services/plan-files.ts";
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
    expect(await housekeeping(t.db, clock, createLogger("silent"), t.dir)).toEqual({ updates: 0, conversations: 1, reminderDeliveries: 0, planUploads: 0, planFiles: 0, listUploads: 0 });
    expect(await claimProcessedUpdate(t.db, "telegram", "100", clock.now())).toBe(false);
    clock.advance(2 * 3_600_000);
    expect((await housekeeping(t.db, clock, createLogger("silent"), t.dir)).updates).toBe(1);
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
    // A message a period; and one that mixes a closed-out period with an open one: kept, with the open one's line only.
    for (const periodKey of periods) {
      await t.db.insert(reminderDeliveries).values({ personId: person.id, kind: "reminder", localDate: "2026-11-20", linesHash: periodKey, lines: [["i:1", unit.id, periodKey, "before", 3]] }).run();
    }
    await t.db.insert(reminderDeliveries).values({ personId: person.id, kind: "reminder", localDate: "2026-11-21", linesHash: "mixed", lines: [["i:1", unit.id, "2026-09", "overdue", 0], ["i:2", unit.id, "2026-11", "before", 1]] }).run();
    expect((await housekeeping(t.db, clock, createLogger("silent"), t.dir)).reminderDeliveries).toBe(5);
    const kept = (await t.db.select({ lines: reminderDeliveries.lines }).from(reminderDeliveries).all()).map((r) => r.lines.map((l) => l[2]).join(","));
    expect(kept.sort()).toEqual(["2025", "2025-9M", "2026-10", "2026-11", "2026-H1", "2026-Q3", "once", "2026-11"].sort());
    expect((await housekeeping(t.db, clock, createLogger("silent"), t.dir)).reminderDeliveries).toBe(0);
  });

  it("forgets plan uploads never confirmed after a day, and their bytes unless another row names them", async () => {
    const t = tempDatabase();
    remove = t.remove;
    const clock = fixedClock("2026-11-20T03:00:00Z");
    const actor = { personId: null, name: "test" };
    const bytes = (text: string) => new TextEncoder().encode(text);
    const path = (row: { sha256: string }) => join(t.dir, "plan-files", row.sha256);
    // Kept bytes are as old as their file says: dated here on the test's clock, as the service's own clock dates them.
    const keep = async (text: string, fileName: string) => {
      const row = await keepPlanFile(t.db, t.dir, { bytes: bytes(text), fileName }, actor, clock.now());
      utimesSync(path(row), clock.now(), clock.now());
      return row;
    };
    const plan = await t.db.insert(plans).values({ key: "52/KH-UBND", number: "52/KH-UBND", format: "table" }).returning().get();
    // Confirmed: attached to a plan. Abandoned: a preview never confirmed. Shared: the confirmed file's bytes previewed again.
    const confirmed = await keep("kế hoạch 52", "kh52.docx");
    await attachPlanFile(t.db, confirmed.id, plan.id, clock.now());
    const abandoned = await keep("bản nháp", "nhap.pdf");
    const shared = await keep("kế hoạch 52", "kh52-lai.docx");
    expect(shared.sha256).toBe(confirmed.sha256);
    clock.advance(23 * 3_600_000);
    const later = await keep("tải lên sau", "sau.xlsx");

    // 23 hours on: nothing is a day old yet.
    expect(await housekeeping(t.db, clock, createLogger("silent"), t.dir)).toMatchObject({ planUploads: 0, planFiles: 0, listUploads: 0 });
    for (const row of [confirmed, abandoned, later]) expect(existsSync(path(row))).toBe(true);

    // 25 hours on: the abandoned and the shared previews are forgotten; only the abandoned bytes go (the plan keeps the shared ones).
    clock.advance(2 * 3_600_000);
    expect(await housekeeping(t.db, clock, createLogger("silent"), t.dir)).toMatchObject({ planUploads: 2, planFiles: 1 });
    expect((await t.db.select({ id: planFiles.id }).from(planFiles).all()).map((r) => r.id).sort()).toEqual([confirmed.id, later.id].sort());
    expect(existsSync(path(abandoned))).toBe(false);
    expect(existsSync(path(confirmed))).toBe(true);
    expect(existsSync(path(later))).toBe(true);

    // A removed plan's rows go with it (cascade): its bytes, named by no row, go at the next housekeeping.
    await t.db.delete(plans).run();
    expect(await housekeeping(t.db, clock, createLogger("silent"), t.dir)).toMatchObject({ planUploads: 0, planFiles: 1 });
    expect(existsSync(path(confirmed))).toBe(false);
    expect(existsSync(path(later))).toBe(true);
  });
});
