import { afterEach, describe, expect, it } from "vitest";
import { forgetDeliveriesOfSubjects, recordDeliveries, recordedDeliveryKeys } from "../../db/repositories/reminders-repository.ts";
import { people, reminderDeliveries, units } from "../../db/schema.ts";
import { tempDatabase } from "../support/temp-database.ts";

/** reminder_deliveries keeps one row per queued message, its lines in a JSON column: what its readers and writers see. */
describe("reminder deliveries, one row per message", () => {
  let remove: (() => void) | undefined;
  afterEach(() => remove?.());

  async function world() {
    const t = tempDatabase();
    remove = t.remove;
    const unit = await t.db.insert(units).values({ name: "Sở Tài chính", key: "so tai chinh", kind: "department" }).returning().get();
    const lan = await t.db.insert(people).values({ name: "Lan", unitId: unit.id }).returning().get();
    const minh = await t.db.insert(people).values({ name: "Minh", unitId: unit.id }).returning().get();
    const now = new Date("2026-11-23T01:05:00Z");
    return { t, unitId: unit.id, lan: lan.id, minh: minh.id, now };
  }

  it("records a message once a day: the same person, kind, day and lines again is not written twice", async () => {
    const w = await world();
    const message = { personId: w.lan, kind: "reminder" as const, localDate: "2026-11-23", linesHash: "h1", lines: [["i:1", w.unitId, "2026-11", "before", 3]] as [string, number, string, "before", number][], outboxId: null, createdAt: w.now };
    expect(await recordDeliveries(w.t.db, [message])).toBe(1);
    expect(await recordDeliveries(w.t.db, [message, { ...message, localDate: "2026-11-24" }])).toBe(1);
    expect(await w.t.db.select().from(reminderDeliveries).all()).toHaveLength(2);
  });

  it("answers the lines a person was sent on one day, whatever message carried them", async () => {
    const w = await world();
    await recordDeliveries(w.t.db, [
      { personId: w.lan, kind: "reminder", localDate: "2026-11-23", linesHash: "a", lines: [["i:1", w.unitId, "2026-11", "before", 3], ["t:2", w.unitId, "2026-Q4", "overdue", 0]], outboxId: null, createdAt: w.now },
      { personId: w.lan, kind: "escalation", localDate: "2026-11-23", linesHash: "b", lines: [["i:3", w.unitId, "2026-11", "escalation", 0]], outboxId: null, createdAt: w.now },
      { personId: w.lan, kind: "reminder", localDate: "2026-11-20", linesHash: "c", lines: [["i:9", w.unitId, "2026-11", "before", 7]], outboxId: null, createdAt: w.now },
      { personId: w.minh, kind: "reminder", localDate: "2026-11-23", linesHash: "a", lines: [["i:8", w.unitId, "2026-11", "due_day", 0]], outboxId: null, createdAt: w.now },
    ]);
    expect([...(await recordedDeliveryKeys(w.t.db, "2026-11-23", [w.lan]))].sort()).toEqual(
      [`${w.lan}|i:1|${w.unitId}|2026-11|before`, `${w.lan}|i:3|${w.unitId}|2026-11|escalation`, `${w.lan}|t:2|${w.unitId}|2026-Q4|overdue`].sort(),
    );
  });

  it("takes a deleted plan's items out of the messages, keeping the other items' history, and drops a message left empty", async () => {
    const w = await world();
    await recordDeliveries(w.t.db, [
      { personId: w.lan, kind: "reminder", localDate: "2026-11-23", linesHash: "a", lines: [["i:1", w.unitId, "2026-11", "before", 3]], outboxId: null, createdAt: w.now },
      { personId: w.lan, kind: "reminder", localDate: "2026-11-24", linesHash: "b", lines: [["i:1", w.unitId, "2026-11", "overdue", 0], ["t:2", w.unitId, "2026-11", "overdue", 0]], outboxId: null, createdAt: w.now },
    ]);
    await forgetDeliveriesOfSubjects(w.t.db, ["i:1"]);
    const left = await w.t.db.select({ localDate: reminderDeliveries.localDate, lines: reminderDeliveries.lines }).from(reminderDeliveries).all();
    expect(left).toEqual([{ localDate: "2026-11-24", lines: [["t:2", w.unitId, "2026-11", "overdue", 0]] }]);
  });

  it("rewrites several messages in one statement, each keeping its own lines, and leaves untouched ones as they were", async () => {
    const w = await world();
    await recordDeliveries(w.t.db, [
      { personId: w.lan, kind: "reminder", localDate: "2026-11-20", linesHash: "a", lines: [["i:1", w.unitId, "2026-11", "before", 7], ["t:2", w.unitId, "2026-11", "before", 7]], outboxId: null, createdAt: w.now },
      { personId: w.minh, kind: "reminder", localDate: "2026-11-23", linesHash: "b", lines: [["i:3", w.unitId, "2026-11", "before", 3], ["i:1", w.unitId, "2026-11", "before", 3], ["i:4", w.unitId, "2026-Q4", "before", 3]], outboxId: null, createdAt: w.now },
      { personId: w.lan, kind: "escalation", localDate: "2026-11-24", linesHash: "c", lines: [["i:5", w.unitId, "2026-10", "escalation", 0]], outboxId: null, createdAt: w.now },
    ]);
    await forgetDeliveriesOfSubjects(w.t.db, ["i:1"]);
    const left = await w.t.db.select({ personId: reminderDeliveries.personId, localDate: reminderDeliveries.localDate, lines: reminderDeliveries.lines }).from(reminderDeliveries).orderBy(reminderDeliveries.localDate).all();
    expect(left).toEqual([
      { personId: w.lan, localDate: "2026-11-20", lines: [["t:2", w.unitId, "2026-11", "before", 7]] },
      { personId: w.minh, localDate: "2026-11-23", lines: [["i:3", w.unitId, "2026-11", "before", 3], ["i:4", w.unitId, "2026-Q4", "before", 3]] },
      { personId: w.lan, localDate: "2026-11-24", lines: [["i:5", w.unitId, "2026-10", "escalation", 0]] },
    ]);
  });
});
