import type { Db } from "../../db/client.ts";
import { activeReportingAssignmentsOfFrequency } from "../../db/repositories/assignments-repository.ts";
import { linkedPrivateAccountsOf } from "../../db/repositories/chat-repository.ts";
import { allPersonIds, focalPointsOfUnits, peopleWithIds, personIdsOfUnit, personIdsWithRole } from "../../db/repositories/people-repository.ts";
import { reportedPairsInPeriod } from "../../db/repositories/reports-repository.ts";
import type { Audience, AudiencePreview } from "../chat/context.ts";
import type { Frequency } from "../domain/frequency.ts";
import { periodRange } from "../domain/period-range.ts";
import { dueRulesCheck } from "./due-rules.ts";
import { dutyCheck } from "./reporting-duty.ts";
import type { Locale } from "../i18n/translator.ts";

export interface Recipient {
  personId: number;
  name: string;
  unitId: number | null;
  /** The language a broadcast reaches them in. */
  locale: Locale;
  /** The chat account to reach them on: the most recently linked one that has not blocked us, in their private chat (never a group). */
  account: { channel: string; accountId: string; chatId: string } | null;
}

const frequencyOfKind: Record<string, Frequency> = { month: "monthly", quarter: "quarterly", half_year: "half_year", nine_months: "nine_months", year: "yearly" };

/** The people a broadcast reaches, with the account each one is reached on. */
export async function resolveAudience(db: Db, audience: Audience): Promise<{ recipients: Recipient[]; units: number }> {
  let personIds: number[];
  let units = 0;
  switch (audience.type) {
    case "all":
      personIds = await allPersonIds(db);
      break;
    case "role":
      personIds = await personIdsWithRole(db, audience.role);
      break;
    case "unit":
      personIds = await personIdsOfUnit(db, audience.unitId);
      units = 1;
      break;
    case "not_reported": {
      const behind = await unitsBehind(db, audience.periodKey);
      units = behind.unitIds.size;
      personIds = await focalPointsOf(db, behind);
      break;
    }
  }
  const unique = [...new Set(personIds)];
  if (unique.length === 0) return { recipients: [], units };
  const rows = await peopleWithIds(db, unique);
  const accounts = await linkedPrivateAccountsOf(db, unique);
  const best = new Map<number, (typeof accounts)[number]>();
  for (const a of accounts) {
    const seen = best.get(a.personId!);
    if (!seen || (a.linkedAt?.getTime() ?? 0) > (seen.linkedAt?.getTime() ?? 0)) best.set(a.personId!, a);
  }
  return {
    units,
    recipients: rows.map((p) => {
      const a = best.get(p.id);
      return { personId: p.id, name: p.name, unitId: p.unitId, locale: p.locale, account: a ? { channel: a.channel, accountId: a.accountId, chatId: a.chatId! } : null };
    }),
  };
}

export async function previewAudience(db: Db, audience: Audience): Promise<AudiencePreview> {
  const { recipients, units } = await resolveAudience(db, audience);
  const linked = recipients.filter((r) => r.account).length;
  return { people: recipients.length, linked, notLinked: recipients.length - linked, units };
}

/**
 * Units that owe a figure for the period: an active reporting assignment whose frequency makes
 * periods of that kind, with no report for (item, unit, period). Pinned focal persons are kept.
 */
async function unitsBehind(db: Db, periodKey: string): Promise<{ unitIds: Set<number>; pinned: Set<number> }> {
  const range = periodRange(periodKey);
  const frequency = range ? frequencyOfKind[range.kind] : undefined;
  const out = { unitIds: new Set<number>(), pinned: new Set<number>() };
  if (!frequency) return out;
  const rows = await activeReportingAssignmentsOfFrequency(db, frequency);
  const reported = await reportedPairsInPeriod(db, periodKey);
  // Only what is owed (src/domain/reporting-duty.ts): no unit outside the province or deactivated, no period before "track from".
  const duty = await dutyCheck(db);
  // Each item's own deadline for the period (src/domain/due-rules.ts): plans may differ.
  const due = await dueRulesCheck(db);
  for (const r of rows) {
    const dueAt = due.dueAtOf(r.subjectKey, periodKey);
    if (reported.has(`${r.subjectKey}|${r.unitId}`) || !duty.owes(r.unitId) || (dueAt && !duty.tracked(r.subjectKey, dueAt))) continue;
    if (r.focal !== null) out.pinned.add(r.focal);
    else out.unitIds.add(r.unitId);
  }
  return out;
}

async function focalPointsOf(db: Db, behind: { unitIds: Set<number>; pinned: Set<number> }): Promise<number[]> {
  const unitIds = [...behind.unitIds];
  const focal = (await focalPointsOfUnits(db, unitIds)).map((p) => p.id);
  return [...focal, ...behind.pinned];
}
