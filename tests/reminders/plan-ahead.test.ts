import { describe, expect, it } from "vitest";
import { asc } from "drizzle-orm";
import { insertSnooze } from "../../db/repositories/reminders-repository.ts";
import { conversationStates, outbox, reminderDeliveries } from "../../db/schema.ts";
import { reminderWorld, vn, type ReminderWorld } from "./reminder-world.ts";

const LAN = "Nguyễn Thị Lan";
const MINH = "Trần Văn Minh";

/**
 * The 07:55 tick plans ahead for the day's first sending moment (the planner's answer for 08:00, and
 * each message's lines made: order, tuples, fingerprint, JSON — src/services/reminders.ts, keptPlan and
 * preparedLines). Whatever lands between 07:55 and 08:00, the 08:00 tick must queue exactly what a
 * tick without that work done ahead queues: the same outbox rows, delivery rows and sessions.
 */
describe("the plan made ahead at 07:55 gives what the sending moment would plan itself", () => {
  /**
   * Between 07:55 and 08:00: Lan snoozes one item, Minh everything until noon (the kept items hold: the
   * plan is made again) and, with `report`, Lan reports another item (the stamps change: all is read again).
   */
  const writes = async (w: ReminderWorld, report: boolean) => {
    const items = (await w.itemsOf(LAN)).filter((i) => i.periods.some((p) => p.key === "2026-11"));
    expect(items.length).toBeGreaterThanOrEqual(3);
    const [snoozed, reported] = items;
    const keyOf = (ref: { subjectType: string; subjectId: number }) => `${ref.subjectType === "indicator" ? "i" : "t"}:${ref.subjectId}`;
    await insertSnooze(w.db, { personId: w.person(LAN).id, subjectKey: keyOf(snoozed!.ref), unitId: snoozed!.ref.unitId, until: vn("2026-11-25T17:00:00"), now: w.clock.now() });
    if (report) await w.report(LAN, reported!.ref, "2026-11", 40);
    await insertSnooze(w.db, { personId: w.person(MINH).id, subjectKey: null, unitId: null, until: vn("2026-11-25T12:00:00"), now: w.clock.now() });
  };

  /** Wednesday 25/11 (Lan's deadline day): ticks at 07:55 (or not), writes at 07:58 (or not), the 08:00 tick; what it queued. */
  const queuedAt0800 = async (o: { ahead: boolean; write: "nothing" | "snoozes" | "snoozes and a report" }) => {
    const w = await reminderWorld();
    try {
      if (o.ahead) {
        w.clock.set(vn("2026-11-25T07:55:00"));
        expect(await w.tick()).toMatchObject({ digests: 0, escalations: 0 });
      }
      w.clock.set(vn("2026-11-25T07:58:00"));
      if (o.write !== "nothing") await writes(w, o.write === "snoozes and a report");
      w.clock.set(vn("2026-11-25T08:00:00"));
      const result = await w.tick();
      const rows = await w.db.select({ kind: outbox.kind, chatId: outbox.chatId, dedupKey: outbox.dedupKey, payload: outbox.payload, locale: outbox.locale }).from(outbox).orderBy(asc(outbox.id)).all();
      const deliveries = await w.db
        .select({ personId: reminderDeliveries.personId, kind: reminderDeliveries.kind, localDate: reminderDeliveries.localDate, linesHash: reminderDeliveries.linesHash, lines: reminderDeliveries.lines })
        .from(reminderDeliveries)
        .orderBy(asc(reminderDeliveries.id))
        .all();
      const sessions = await w.db.select({ chatId: conversationStates.chatId, session: conversationStates.session }).from(conversationStates).orderBy(asc(conversationStates.chatId)).all();
      // A second tick of the minute queues nothing, ahead or not.
      expect(await w.tick()).toMatchObject({ digests: 0, escalations: 0 });
      return { result, rows, deliveries, sessions };
    } finally {
      await w.remove();
    }
  };

  let nothing: Awaited<ReturnType<typeof queuedAt0800>>;

  it("with nothing written in between", async () => {
    nothing = await queuedAt0800({ ahead: true, write: "nothing" });
    expect(nothing.result.digests).toBeGreaterThan(0);
    expect(nothing.deliveries.length).toBeGreaterThan(0);
    expect(nothing.sessions.length).toBeGreaterThan(0);
    expect(nothing).toEqual(await queuedAt0800({ ahead: false, write: "nothing" }));
  }, 120_000);

  for (const write of ["snoozes", "snoozes and a report"] as const) {
    it(`with ${write} in between`, async () => {
      const ahead = await queuedAt0800({ ahead: true, write });
      expect(ahead).toEqual(await queuedAt0800({ ahead: false, write }));
      // The writes did change what went out: the snoozes held lines back.
      expect(ahead.result.snoozed).toBeGreaterThan(0);
      expect(ahead.rows).not.toEqual(nothing.rows);
    }, 120_000);
  }
});
