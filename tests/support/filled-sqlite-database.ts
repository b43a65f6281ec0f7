import { asc, eq } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import * as s from "../../db/schema.ts";
import { ensureChatAccount, linkChatAccount } from "../../db/repositories/chat-repository.ts";
import { insertOutboxMessage } from "../../db/repositories/outbox-repository.ts";
import { reportFigure } from "../../src/services/reporting.ts";

/**
 * A province as a running service leaves it: the demo catalogue, units and people, then reports with
 * corrections and evidence, linked chat accounts, conversations, outbox rows, reminders, a broadcast,
 * a closed period and an audit trail — every table holds rows, with awkward values on purpose
 * (Vietnamese text, nulls, fractions, nested JSON, a file past 2 GiB, a unit whose parent has a
 * larger id). For tests that move or compare a whole database.
 */
export async function fillProvince(db: Db, now: Date): Promise<void> {
  await loadDemoData(db, now);
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000 + 123);
  const people = await db.select().from(s.people).orderBy(asc(s.people.id)).all();
  const [first, second] = people;
  if (!first || !second) throw new Error("the demo has fewer than two people");
  const unitId = first.unitId ?? (await db.select().from(s.units).get())!.id;
  const indicator = (await db.select().from(s.indicators).orderBy(asc(s.indicators.id)).get())!;
  const task = (await db.select().from(s.tasks).orderBy(asc(s.tasks.id)).get())!;

  await reportFigure(db, { subjectType: "indicator", subjectId: indicator.id, unitId, periodKey: "2026-Q4", valueNumber: 72.5, valueText: null, taskStatus: null, note: "Số liệu sơ bộ, chờ Sở Tài chính", evidence: [{ kind: "photo", fileId: "AgAC-1", fileUniqueId: "u1", sizeBytes: 48_213 }], personId: first.id, channel: "telegram", sourceRef: "telegram:1001", now: at(1) });
  await reportFigure(db, { subjectType: "indicator", subjectId: indicator.id, unitId, periodKey: "2026-Q4", valueNumber: 1 / 3, valueText: null, taskStatus: null, note: null, evidence: [{ kind: "document", fileId: "BQAC-2", fileName: "Báo cáo quý IV.pdf", mimeType: "application/pdf", sizeBytes: 3_000_000_000 }], personId: second.id, channel: "zalo", sourceRef: "zalo:abc", now: at(2) });
  await reportFigure(db, { subjectType: "task", subjectId: task.id, unitId, periodKey: "2026-11", valueNumber: null, valueText: "Đã ban hành Quyết định 12/QĐ-UBND", taskStatus: "done", note: null, evidence: [{ kind: "link", fileId: "https://example.gov.vn/qd-12" }], personId: first.id, channel: "devchat", sourceRef: null, now: at(3) });

  const account = await ensureChatAccount(db, { channel: "telegram", accountId: "", externalUserId: "5551001", displayName: "Nguyễn Văn Á" });
  await linkChatAccount(db, account.id, first.id, at(4));
  await db.update(s.chatAccounts).set({ chatId: "5551001" }).where(eq(s.chatAccounts.id, account.id)).run();
  await ensureChatAccount(db, { channel: "zalo", accountId: "zalo-so-khcn", externalUserId: "z-77", displayName: null });
  await db.update(s.chatAccounts).set({ blockedAt: at(5) }).where(eq(s.chatAccounts.externalUserId, "z-77")).run();

  await db.insert(s.conversationStates).values({ channel: "telegram", chatId: "5551001", personId: first.id, session: { flow: "report", step: { type: "ask_value", itemId: indicator.id }, offer: 3, draft: { note: "ghi chú \"có ngoặc\"" } }, expiresAt: at(720), updatedAt: at(6) }).run();
  await db.insert(s.processedUpdates).values([{ channel: "telegram", updateId: "900000001", receivedAt: at(6) }, { channel: "zalo", updateId: "evt-ü-1", receivedAt: at(7) }]).run();

  const [broadcast] = await db.insert(s.broadcasts).values({ createdByPersonId: first.id, source: "chat", audience: { type: "not_reported", periodKey: "2026-Q4" }, text: "Đề nghị các đơn vị gửi số liệu quý IV trước ngày 25/12.", status: "sending", recipients: 2, notLinked: 1, progressChannel: "telegram", progressChatId: "5551001", progressMessageId: "77", confirmedAt: at(8) }).returning().all();
  const sent = await insertOutboxMessage(db, { channel: "telegram", chatId: "5551001", personId: first.id, kind: "broadcast", dedupKey: `broadcast:${broadcast!.id}:${first.id}`, payload: { lines: [{ key: "broadcast.text", params: { text: broadcast!.text } }] }, locale: "vi", status: "sent", attempts: 1, nextAttemptAt: at(8), sentAt: at(9), externalMessageId: "78", broadcastId: broadcast!.id });
  await insertOutboxMessage(db, { channel: "zalo", accountId: "zalo-so-khcn", chatId: "z-77", personId: second.id, kind: "reminder", dedupKey: "reminder:z-77:2026-12-20", payload: { text: "Nhắc việc (viết trước khi hàng đợi giữ khoá tin nhắn)" }, status: "pending", attempts: 2, nextAttemptAt: at(60), lastError: "429: retry after 30" });

  await db.insert(s.sendSlots).values([{ channel: "telegram", scope: "", grantedAt: at(9), answeredAt: at(9) }, { channel: "telegram", scope: 'chat:["","5551001"]', grantedAt: at(9), answeredAt: null }]).run();
  await db.insert(s.reminderSnoozes).values([{ personId: first.id, subjectKey: null, unitId: null, until: at(1440) }, { personId: second.id, subjectKey: `i:${indicator.id}`, unitId, until: at(2880) }]).run();
  await db.insert(s.reminderDeliveries).values({ personId: first.id, kind: "reminder", localDate: "2026-12-22", linesHash: "0123456789abcdef", lines: [[`i:${indicator.id}`, unitId, "2026-Q4", "before", 3], [`i:${indicator.id}`, unitId, "2026-Q3", "overdue", 0]], outboxId: sent.id }).run();
  await db.insert(s.consoleLoginLinks).values([{ tokenHash: "a".repeat(64), personId: first.id, createdAt: at(12), expiresAt: at(22), usedAt: at(13) }, { tokenHash: "b".repeat(64), personId: second.id, createdAt: at(14), expiresAt: at(24), usedAt: null }]).run();
  await db.insert(s.consoleSessions).values({ idHash: "c".repeat(64), personId: first.id, csrfToken: "csrf-ü", createdAt: at(13), expiresAt: at(733), lastSeenAt: at(15), endedAt: null }).run();
  await db.insert(s.periods).values({ key: "2026-10", kind: "month", startsOn: "2026-10-01", endsOn: "2026-10-31", closedAt: at(10), closedByPersonId: first.id }).run();
  await db.insert(s.auditLog).values({ at: at(11), actorPersonId: null, actor: "cli", action: "period.close", entity: "period", entityId: "2026-10", details: null }).run();

  // A unit moved under a unit created after it: its parent's id is larger than its own.
  const [child] = await db.insert(s.units).values({ name: "Phòng Quản lý công nghệ", key: "phong quan ly cong nghe", kind: "office" }).returning().all();
  const [parent] = await db.insert(s.units).values({ name: "Sở Khoa học và Công nghệ (mới)", key: "so khoa hoc va cong nghe moi", kind: "department" }).returning().all();
  await db.update(s.units).set({ parentId: parent!.id }).where(eq(s.units.id, child!.id)).run();
  await db.insert(s.unitAliases).values({ unitId: parent!.id, alias: "Sở KH&CN mới", key: "so kh&cn moi" }).run();

  // A ministry outside the province, a deactivated unit, a plan tracked from its own date and the province's date.
  await db.insert(s.units).values({ name: "Bộ Tài chính", key: "bo tai chinh", kind: "agency", external: true }).run();
  await db.update(s.units).set({ deactivatedAt: at(17) }).where(eq(s.units.id, child!.id)).run();
  await db.update(s.plans).set({ trackFrom: at(-1440) }).where(eq(s.plans.id, (await db.select().from(s.plans).orderBy(asc(s.plans.id)).get())!.id)).run();
  await db.insert(s.provinceSettings).values({ id: 1, trackFrom: at(-2880), dueDay: 20, dueHour: 17, yearlyDueDay: 31, yearlyDueMonth: 12, updatedAt: at(18) }).run();
  // Due rules of its own on the first plan and on one indicator (src/domain/due-rules.ts).
  await db.update(s.plans).set({ dueDay: 10, dueHour: 9 }).where(eq(s.plans.id, (await db.select().from(s.plans).orderBy(asc(s.plans.id)).get())!.id)).run();
  await db.update(s.indicators).set({ dueDay: 5, dueHour: 8, yearlyDueDay: 15, yearlyDueMonth: 1 }).where(eq(s.indicators.id, (await db.select().from(s.indicators).orderBy(asc(s.indicators.id)).get())!.id)).run();
  // The file the first plan was imported from, and an upload awaiting its confirmation.
  const firstPlanId = (await db.select().from(s.plans).orderBy(asc(s.plans.id)).get())!.id;
  await db.insert(s.planFiles).values({ planId: firstPlanId, fileName: "KH 52.docx", sizeBytes: 48_211, sha256: "a".repeat(64), uploadedByPersonId: first.id, uploadedBy: "Nguyễn Văn A", uploadedAt: at(19), importedAt: at(20) }).run();
  await db.insert(s.planFiles).values({ planId: null, fileName: "bản nháp.pdf", sizeBytes: 1_024, sha256: "b".repeat(64), uploadedByPersonId: null, uploadedBy: "cli", uploadedAt: at(21), importedAt: null }).run();
}
