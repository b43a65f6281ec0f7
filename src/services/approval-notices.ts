import type { Db } from "../../db/client.ts";
import { peopleById, reachableAccounts } from "../../db/repositories/reminders-repository.ts";
import { offerDigest } from "../chat/flows/digest.ts";
import { formatValue, periodLabel, shorten } from "../chat/format.ts";
import type { Message } from "../chat/types.ts";
import { queueOfferingMessage } from "./host-outbound.ts";
import type { WaitingFigure } from "./approvals.ts";
import { parseSubjectKey } from "../domain/subject-key.ts";

/**
 * Tells the sender of a returned figure at once: what, the head's reason, and a way to correct it
 * (a button on Telegram, "1" on Zalo, or the new figure typed straight away — the same one-item
 * digest a reminder offers). Approvals are not announced: they show in "chỉ tiêu của tôi".
 * Written in the caller's transaction; the same return is never announced twice.
 */
export async function noticeReturnedFigure(
  db: Db,
  v: { figure: WaitingFigure; reporterPersonId: number | null; headName: string; reason: string; now: Date; ttlMs: number },
): Promise<boolean> {
  if (v.reporterPersonId === null) return false;
  const account = (await reachableAccounts(db)).get(v.reporterPersonId);
  const person = (await peopleById(db, [v.reporterPersonId])).get(v.reporterPersonId);
  if (!account || !person) return false;
  const f = v.figure;
  const value = f.taskStatus ? { key: `task.status.${f.taskStatus}` } : formatValue(f, f.valueKind, f.unitOfMeasure, person.locale);
  const subject = parseSubjectKey(f.subjectKey)!;
  const item = { subjectType: subject.type, subjectId: subject.id, unitId: f.unitId };
  const { created } = await queueOfferingMessage(
    db,
    { to: { ...account, personId: v.reporterPersonId }, locale: person.locale, kind: "notice", dedupKey: `returned:${f.reportId}:${f.revision}`, ttlMs: v.ttlMs },
    (session) => {
      // Someone halfway through a report keeps it: the notice then carries no choice (as a reminder digest).
      const canOffer = session.flow === null || session.flow.flow === "digest" || session.flow.flow === "list";
      const lines: Message[] = [
        { key: "approve.returned_notice", params: { code: f.code, name: shorten(f.name, 90), period: periodLabel(f.periodKey), value, head: v.headName, reason: v.reason } },
        { key: canOffer ? "approve.returned_footer" : "approve.returned_footer_busy" },
      ];
      const label: Message = { key: "approve.correct_button", params: { code: f.code, period: periodLabel(f.periodKey) } };
      return canOffer ? { lines, offer: { session: offerDigest(session, [{ item, periodKey: f.periodKey, label: label.key }]), labels: [label] } } : { lines };
    },
    v.now,
  );
  return created;
}
