import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import { unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import { approveFigure, returnFigure, setPlanApproval } from "../../src/services/approvals.ts";
import { localStamp, reminderWorld, vn, type ReminderWorld } from "./reminder-world.ts";

const LAN = "Nguyễn Thị Lan";
const MINH = "Trần Văn Minh";
const BAO = "Phạm Quốc Bảo";
const NAM = "Hoàng Văn Nam";
const HA = "Lê Thu Hà";
const STEP = 60 * 60_000;

/**
 * A month with approval on: Lan's figure waits for Minh three days and is approved; Bảo's
 * waits for Nam and is never approved. Heads hear of waiting figures at most once a working day
 * (the first reminder moment after a figure arrives, then each morning), the
 * coordinator of those waiting more than ESCALATE_AFTER_DAYS (3), and nobody of an approval.
 */
describe("a month of approval digests and escalations over the demo catalogue", () => {
  let w: ReminderWorld;
  let again = 0;
  let returnedItem: Awaited<ReturnType<ReminderWorld["itemsOf"]>>[number];
  let returnedKey = "";

  beforeAll(async () => {
    w = await reminderWorld();
    for (const plan of await listPlans(w.db)) await setPlanApproval(w.db, plan.key, true, { personId: null, name: "cli" }, w.clock.now());
    const lanItem = (await w.itemsOf(LAN)).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    const baoItem = (await w.itemsOf(BAO)).find((i) => i.periods.some((p) => p.key === "2026-11"))!;
    returnedItem = (await w.itemsOf(LAN)).filter((i) => i.periods.some((p) => p.key === "2026-11"))[1]!;
    returnedKey = `${returnedItem.ref.subjectType === "indicator" ? "i" : "t"}:${returnedItem.ref.subjectId}`;
    let lanReport = 0;
    let returnedReport = 0;
    for (let t = vn("2026-11-01T00:00:00").getTime(); t < vn("2026-12-08T00:00:00").getTime(); t += STEP) {
      w.clock.set(new Date(t));
      if (t === vn("2026-11-10T10:00:00").getTime()) lanReport = (await w.report(LAN, lanItem.ref, "2026-11", 40)).reportId;
      if (t === vn("2026-11-11T10:00:00").getTime()) await w.report(BAO, baoItem.ref, "2026-11", 12);
      if (t === vn("2026-11-16T10:00:00").getTime()) returnedReport = (await w.report(LAN, returnedItem.ref, "2026-11", 5)).reportId;
      if (t === vn("2026-11-17T10:00:00").getTime()) {
        const minh = w.person(MINH);
        const r = await returnFigure(w.db, { reportId: returnedReport, revision: 1, reason: "Kiểm tra lại", actor: { personId: minh.id, name: minh.name }, unitIds: await unitSubtreeIds(w.db, minh.unitId!), now: w.clock.now() });
        expect(r.status).toBe("returned");
      }
      if (t === vn("2026-11-13T10:00:00").getTime()) {
        const minh = w.person(MINH);
        expect((await approveFigure(w.db, { reportId: lanReport, revision: 1, actor: { personId: minh.id, name: minh.name }, unitIds: await unitSubtreeIds(w.db, minh.unitId!), now: w.clock.now() })).status).toBe("approved");
      }
      const result = await w.tick();
      if (result.digests + result.escalations > 0) {
        const before = await w.outboxCount();
        await w.tick();
        again += await w.outboxCount() - before;
      }
    }
  }, 240_000);
  afterAll(() => w.remove());

  const approvalDigestsOf = async (name: string) => (await w.messages()).filter((m) => m.person === name && m.text.includes("số liệu chờ duyệt"));

  it("tells Minh the day a figure of Lan's arrives, then once each working morning while it waits, and stops once he decided", async () => {
    // Her first figure: 10/11, approved 13/11 10:00; her second: 16/11, returned 17/11 10:00.
    expect((await approvalDigestsOf(MINH)).map((m) => m.at)).toEqual(["2026-11-10 10:00", "2026-11-11 08:00", "2026-11-12 08:00", "2026-11-13 08:00", "2026-11-16 10:00", "2026-11-17 08:00"]);
    expect((await approvalDigestsOf(MINH))[0]!.text).toContain("1 số liệu chờ duyệt — Sở Khoa học và Công nghệ");
  });

  it("tells Nam every working morning while Bảo's figure waits, never twice a day nor on a weekend, and says when it waits too long", async () => {
    const digests = await approvalDigestsOf(NAM);
    const days = digests.map((m) => m.at.slice(0, 10));
    expect(new Set(days).size).toBe(days.length);
    for (const m of digests) expect([0, 6]).not.toContain(new Date(`${m.at.slice(0, 10)}T12:00:00Z`).getUTCDay());
    expect(days[0]).toBe("2026-11-11");
    expect(days).toContain("2026-12-07");
    expect(digests.find((m) => m.at.startsWith("2026-11-13"))!.text).not.toContain("đã chờ quá");
    expect(digests.find((m) => m.at.startsWith("2026-11-16"))!.text).toContain("Trong đó 1 số liệu đã chờ quá 3 ngày");
  });

  it("escalates the figure waiting more than 3 days to the coordinator, naming the unit and its head, never Lan's approved one", async () => {
    const escalations = (await w.messages()).filter((m) => m.person === HA && m.kind === "escalation" && m.text.includes("chờ lãnh đạo duyệt"));
    expect(escalations[0]!.at).toBe("2026-11-16 08:00");
    for (const m of escalations) {
      expect(m.text).toContain("• Sở Tài chính: 1 (lãnh đạo: Hoàng Văn Nam)");
      expect(m.text).not.toContain("Sở Khoa học và Công nghệ:");
    }
  });

  it("announces no approval: Lan and Bảo get nothing about approval, only their reminders", async () => {
    for (const name of [LAN, BAO]) {
      const mine = (await w.messages()).filter((m) => m.person === name);
      expect(mine.every((m) => m.kind === "reminder")).toBe(true);
      expect(mine.some((m) => /duyệt/.test(m.text))).toBe(false);
    }
    expect((await w.messages()).filter((m) => m.kind === "notice")).toEqual([]);
  });

  it("chases Lan again for the figure Minh returned (it is hers to send again), not while it waited", async () => {
    const linesFor = async (from: string, to: string) =>
      (await w.messages()).filter((m) => m.person === LAN && m.at >= from && m.at < to).flatMap((m) => m.lines).filter((l) => l.subjectKey === returnedKey && l.periodKey === "2026-11");
    expect(await linesFor("2026-11-16 10:00", "2026-11-17 10:00")).toEqual([]);
    expect((await linesFor("2026-11-17 10:00", "2026-11-26 00:00")).length).toBeGreaterThan(0);
  });

  it("stops chasing November once it is locked (30/11 16:00, 5 days after the deadline)", async () => {
    const late = (await w.messages()).filter((m) => m.kind === "reminder" && m.at >= "2026-11-30 16:00").flatMap((m) => m.lines).filter((l) => l.periodKey === "2026-11");
    expect(late).toEqual([]);
    const before = (await w.messages()).filter((m) => m.kind === "reminder" && m.at < "2026-11-30 16:00" && m.at >= "2026-11-26").flatMap((m) => m.lines).filter((l) => l.periodKey === "2026-11");
    expect(before.length).toBeGreaterThan(0);
  });

  it("queues nothing when the same tick runs twice", () => {
    expect(again).toBe(0);
    expect(localStamp(w.clock.now())).toBe("2026-12-07 23:00");
  });
});
