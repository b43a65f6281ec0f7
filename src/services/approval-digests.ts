import { inTransaction, type Db } from "../../db/client.ts";
import { findPersonById } from "../../db/repositories/people-repository.ts";
import { roleAccounts } from "../../db/repositories/role-accounts-repository.ts";
import { unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import type { Message } from "../chat/types.ts";
import { queuePersonMessage } from "./host-outbound.ts";
import { listWaitingFigures, type WaitingFigure } from "./approvals.ts";
import { dutyCheck } from "./reporting-duty.ts";

export interface ApprovalDigestResult {
  /** Unit heads told how many figures wait for them. */
  heads: number;
  /** Coordinators told about figures waiting too long. */
  escalations: number;
}

/**
 * At a reminder moment (working day, reminder hour: the reminder tick decides), instead of a ping
 * per figure: each unit head with figures waiting gets one line a day, "12 số liệu chờ duyệt", and
 * how many wait longer than `staleAfterDays`; each coordinator gets one message a day naming the
 * units whose figures wait that long, and their heads. Approvals themselves are never announced.
 * One message per person per local day (the outbox dedup key).
 */
export async function queueApprovalDigests(db: Db, v: { now: Date; localDate: string; staleAfterDays: number }): Promise<ApprovalDigestResult> {
  const result: ApprovalDigestResult = { heads: 0, escalations: 0 };
  // A unit that owes nothing (outside the province, deactivated: src/domain/reporting-duty.ts) is neither reminded nor escalated.
  const duty = await dutyCheck(db);
  const all = (await listWaitingFigures(db, null)).filter((w) => duty.owes(w.unitId));
  if (all.length === 0) return result;
  const staleBefore = v.now.getTime() - v.staleAfterDays * 86_400_000;
  const isStale = (w: WaitingFigure) => w.submittedAt.getTime() <= staleBefore;
  return await inTransaction(db, async () => {
    const headsOfUnit = new Map<number, string[]>();
    for (const account of await roleAccounts(db, "unit_head")) {
      const person = await findPersonById(db, account.personId);
      if (!person?.unitId) continue;
      const units = new Set(await unitSubtreeIds(db, person.unitId));
      for (const id of units) headsOfUnit.set(id, [...new Set([...(headsOfUnit.get(id) ?? []), person.name])]);
      const waiting = all.filter((w) => units.has(w.unitId));
      if (waiting.length === 0) continue;
      const stale = waiting.filter(isStale).length;
      const lines: Message[] = [
        { key: "approve.digest_title", params: { n: waiting.length, unit: unitNameOf(waiting, person.unitId) } },
        ...(stale ? [{ key: "approve.digest_stale", params: { n: stale, days: v.staleAfterDays } }] : []),
        { key: "approve.digest_footer" },
      ];
      if (await queue(db, account, "reminder", `approvals:${account.personId}:${v.localDate}`, lines, v.now)) result.heads += 1;
    }
    const stale = all.filter(isStale);
    if (stale.length === 0) return result;
    const byUnit = new Map<string, { n: number; unitId: number }>();
    for (const w of stale) byUnit.set(w.unitName, { n: (byUnit.get(w.unitName)?.n ?? 0) + 1, unitId: w.unitId });
    const unitLines: Message[] = [...byUnit].sort((a, b) => b[1].n - a[1].n || a[0].localeCompare(b[0], "vi")).map(([unit, { n, unitId }]) => ({
      key: "approve.escalation_unit",
      params: { unit, n, heads: (headsOfUnit.get(unitId) ?? []).join(", ") || "—" },
    }));
    for (const account of await roleAccounts(db, "coordinator")) {
      const lines: Message[] = [{ key: "approve.escalation_title", params: { n: stale.length, days: v.staleAfterDays } }, ...unitLines];
      if (await queue(db, account, "escalation", `approvals-stale:${account.personId}:${v.localDate}`, lines, v.now)) result.escalations += 1;
    }
    return result;
  });
}

function unitNameOf(waiting: WaitingFigure[], unitId: number): string {
  return waiting.find((w) => w.unitId === unitId)?.unitName ?? waiting[0]!.unitName;
}

async function queue(db: Db, account: Awaited<ReturnType<typeof roleAccounts>>[number], kind: "reminder" | "escalation", dedupKey: string, lines: Message[], now: Date): Promise<boolean> {
  return (await queuePersonMessage(db, { to: account, locale: account.locale, kind, dedupKey, lines }, now)).created;
}
