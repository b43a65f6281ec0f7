import { and, eq, inArray, isNotNull, isNull } from "drizzle-orm";
import { countsAsSubmitted } from "../domain/figure-counts.ts";
import type { Db } from "../../db/client.ts";
import { inPrivateChat } from "../../db/repositories/private-chat.ts";
import { assignments, chatAccounts, people, personRoles, reports } from "../../db/schema.ts";
import type { Audience, AudiencePreview } from "../chat/context.ts";
import { periodRange } from "../domain/period-range.ts";
import type { Frequency } from "../domain/reporting-period.ts";

export interface Recipient {
  personId: number;
  name: string;
  unitId: number | null;
  /** The chat account to reach them on: the most recently linked one that has not blocked us, in their private chat (never a group). */
  account: { channel: string; accountId: string; chatId: string } | null;
}

const frequencyOfKind: Record<string, Frequency> = { month: "monthly", quarter: "quarterly", half_year: "half_year", nine_months: "nine_months", year: "yearly" };

/** The people a broadcast reaches, with the account each one is reached on. */
export function resolveAudience(db: Db, audience: Audience): { recipients: Recipient[]; units: number } {
  let personIds: number[];
  let units = 0;
  switch (audience.type) {
    case "all":
      personIds = db.select({ id: people.id }).from(people).all().map((p) => p.id);
      break;
    case "role":
      personIds = db.select({ id: personRoles.personId }).from(personRoles).where(eq(personRoles.role, audience.role)).all().map((p) => p.id);
      break;
    case "unit":
      personIds = db.select({ id: people.id }).from(people).where(eq(people.unitId, audience.unitId)).all().map((p) => p.id);
      units = 1;
      break;
    case "not_reported": {
      const behind = unitsBehind(db, audience.periodKey);
      units = behind.unitIds.size;
      personIds = focalPointsOf(db, behind);
      break;
    }
  }
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return { recipients: [], units };
  const rows = db.select().from(people).where(inArray(people.id, unique)).orderBy(people.id).all();
  const accounts = db
    .select()
    .from(chatAccounts)
    .where(and(inArray(chatAccounts.personId, unique), isNotNull(chatAccounts.linkedAt), isNull(chatAccounts.blockedAt), isNotNull(chatAccounts.chatId), inPrivateChat))
    .all();
  const best = new Map<number, (typeof accounts)[number]>();
  for (const a of accounts) {
    const seen = best.get(a.personId!);
    if (!seen || (a.linkedAt?.getTime() ?? 0) > (seen.linkedAt?.getTime() ?? 0)) best.set(a.personId!, a);
  }
  return {
    units,
    recipients: rows.map((p) => {
      const a = best.get(p.id);
      return { personId: p.id, name: p.name, unitId: p.unitId, account: a ? { channel: a.channel, accountId: a.accountId, chatId: a.chatId! } : null };
    }),
  };
}

export function previewAudience(db: Db, audience: Audience): AudiencePreview {
  const { recipients, units } = resolveAudience(db, audience);
  const linked = recipients.filter((r) => r.account).length;
  return { people: recipients.length, linked, notLinked: recipients.length - linked, units };
}

/**
 * Units that owe a figure for the period: an active reporting assignment whose frequency makes
 * periods of that kind, with no report for (item, unit, period). Pinned focal persons are kept.
 */
function unitsBehind(db: Db, periodKey: string): { unitIds: Set<number>; pinned: Set<number> } {
  const range = periodRange(periodKey);
  const frequency = range ? frequencyOfKind[range.kind] : undefined;
  const out = { unitIds: new Set<number>(), pinned: new Set<number>() };
  if (!frequency) return out;
  const rows = db
    .select({ subjectKey: assignments.subjectKey, unitId: assignments.unitId, focal: assignments.focalPersonId })
    .from(assignments)
    .where(and(isNull(assignments.removedAt), eq(assignments.frequency, frequency), inArray(assignments.role, ["lead", "coordinating", "implementing"])))
    .all();
  const reported = new Set(
    db
      .select({ subjectKey: reports.subjectKey, unitId: reports.unitId, figureStatus: reports.figureStatus })
      .from(reports)
      .where(eq(reports.periodKey, periodKey))
      .all()
      // A figure its head returned is not sent as far as a reminder is concerned (src/domain/figure-counts.ts).
      .filter((r) => countsAsSubmitted(r))
      .map((r) => `${r.subjectKey}|${r.unitId}`),
  );
  for (const r of rows) {
    if (reported.has(`${r.subjectKey}|${r.unitId}`)) continue;
    if (r.focal !== null) out.pinned.add(r.focal);
    else out.unitIds.add(r.unitId);
  }
  return out;
}

function focalPointsOf(db: Db, behind: { unitIds: Set<number>; pinned: Set<number> }): number[] {
  const unitIds = [...behind.unitIds];
  const focal = unitIds.length
    ? db
        .select({ id: people.id })
        .from(people)
        .innerJoin(personRoles, and(eq(personRoles.personId, people.id), eq(personRoles.role, "focal_point")))
        .where(inArray(people.unitId, unitIds))
        .all()
        .map((p) => p.id)
    : [];
  return [...focal, ...behind.pinned];
}
