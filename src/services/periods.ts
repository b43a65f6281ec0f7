import { inTransaction, type Db } from "../../db/client.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { findPeriodById, findPeriodByKey, insertPeriod, listPeriodRows, reportCountsByPeriod, setPeriodClosed, type PeriodRow } from "../../db/repositories/periods-repository.ts";
import { frequencies } from "../domain/frequency.ts";
import { periodRange } from "../domain/period-range.ts";
import { periodAt, previousPeriod } from "../domain/reporting-period.ts";

export class PeriodError extends Error {
  override name = "PeriodError";
}

export type { PeriodRow };

export interface PeriodSummary {
  id: number | null;
  key: string;
  kind: string;
  startsOn: string;
  endsOn: string;
  closedAt: string | null;
  reports: number;
}

/**
 * The periods a coordinator deals with: every current and previous period of each reporting
 * frequency, plus every period that has reports or was closed, newest first.
 */
export async function listPeriods(db: Db, now: Date): Promise<PeriodSummary[]> {
  const keys = new Set<string>();
  for (const f of frequencies) {
    if (f === "one_off") continue;
    const current = periodAt(f, now);
    keys.add(current.key);
    const prev = previousPeriod(f, current);
    if (prev) keys.add(prev.key);
  }
  const rows = await listPeriodRows(db);
  for (const r of rows) keys.add(r.key);
  const counts = await reportCountsByPeriod(db);
  for (const k of counts.keys()) keys.add(k);
  const byKey = new Map(rows.map((r) => [r.key, r]));
  return [...keys]
    .map((key): PeriodSummary | undefined => {
      const range = periodRange(key);
      if (!range) return undefined;
      const row = byKey.get(key);
      return { id: row?.id ?? null, key, ...range, closedAt: row?.closedAt?.toISOString() ?? null, reports: counts.get(key) ?? 0 };
    })
    .filter((p): p is PeriodSummary => p !== undefined)
    .sort((a, b) => b.endsOn.localeCompare(a.endsOn) || a.key.localeCompare(b.key));
}

/** Closes a period (by id or key): no more changes from chat. Closing a closed period changes nothing. */
export async function closePeriod(db: Db, ref: string, actor: { personId?: number | null; name: string }, now: Date): Promise<PeriodRow> {
  return await setClosed(db, ref, true, actor, now);
}

/** Reopens a closed (or cutoff-locked) period: chat can change its figures again until it is closed again. */
export async function reopenPeriod(db: Db, ref: string, actor: { personId?: number | null; name: string }, now: Date): Promise<PeriodRow> {
  return await setClosed(db, ref, false, actor, now);
}

async function setClosed(db: Db, ref: string, close: boolean, actor: { personId?: number | null; name: string }, now: Date): Promise<PeriodRow> {
  return await inTransaction(db, async () => {
    const row = await findOrCreate(db, ref);
    // A reopen also lifts the cutoff lock (approval plans), so it counts even when nobody closed the period.
    if (close ? row.closedAt !== null : row.closedAt === null && row.reopenedAt !== null) return row;
    const updated = await setPeriodClosed(db, row.id, close ? { at: now, byPersonId: actor.personId ?? null } : { reopenedAt: now });
    await writeAudit(db, { at: now, actorPersonId: actor.personId ?? null, actor: actor.name, action: close ? "period.close" : "period.reopen", entity: "period", entityId: row.key });
    return updated;
  });
}

async function findOrCreate(db: Db, ref: string): Promise<PeriodRow> {
  if (/^\d+$/.test(ref)) {
    const byId = await findPeriodById(db, Number(ref));
    if (byId) return byId;
    throw new PeriodError(`No period with id ${ref}. Use GET /api/periods, or give the period key (e.g. 2026-11).`);
  }
  const existing = await findPeriodByKey(db, ref);
  if (existing) return existing;
  const range = periodRange(ref);
  if (!range || ref === "once") throw new PeriodError(`"${ref}" is not a period key: use 2026-11, 2026-Q4, 2026-H2, 2026-9M or 2026.`);
  return await insertPeriod(db, { key: ref, kind: range.kind, startsOn: range.startsOn, endsOn: range.endsOn });
}
