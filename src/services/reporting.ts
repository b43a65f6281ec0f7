import { inTransaction, type Db } from "../../db/client.ts";
import { auditReport, insertEvidence, insertRevision, revisionBySourceRef, saveLatestRevision } from "../../db/repositories/reports-repository.ts";
import { isFigureLocked } from "./approvals.ts";
import type { Evidence } from "../chat/types.ts";
import type { TaskStatus } from "../chat/context.ts";
import { subjectKey } from "../domain/subject-key.ts";

export class PeriodClosedError extends Error {
  override name = "PeriodClosedError";
}

export interface ReportFigure {
  subjectType: "indicator" | "task";
  subjectId: number;
  unitId: number;
  periodKey: string;
  valueNumber: number | null;
  valueText: string | null;
  taskStatus: TaskStatus | null;
  note: string | null;
  evidence: Evidence[];
  personId: number | null;
  channel: string;
  /** The inbound update that carried the confirmation; the same ref never adds a second revision. */
  sourceRef: string | null;
  now: Date;
}

/**
 * Saves a figure as a new revision: the first report of (item, unit, period) is revision 1, every
 * correction adds one and keeps the ones before, and is "submitted" again (a returned figure goes
 * back to its head). A locked period (closed, or past its plan's cutoff) refuses changes.
 */
export async function reportFigure(db: Db, f: ReportFigure): Promise<{ reportId: number; revision: number; duplicate: boolean }> {
  return await inTransaction(db, async () => {
    if (f.sourceRef) {
      const seen = await revisionBySourceRef(db, f.sourceRef);
      if (seen) return { reportId: seen.reportId, revision: seen.revision, duplicate: true };
    }
    const key = subjectKey(f.subjectType, f.subjectId);
    if (await isFigureLocked(db, key, f.periodKey, f.now)) throw new PeriodClosedError(`Period ${f.periodKey} is closed.`);
    const latest = { valueNumber: f.valueNumber, valueText: f.valueText, taskStatus: f.taskStatus, note: f.note, reporterPersonId: f.personId, channel: f.channel, updatedAt: f.now };
    // One upsert, not a read then an insert: two instances saving the same report at once both land, in order.
    const { id: reportId, revision } = await saveLatestRevision(db, {
      subjectKey: key,
      indicatorId: f.subjectType === "indicator" ? f.subjectId : null,
      taskId: f.subjectType === "task" ? f.subjectId : null,
      unitId: f.unitId,
      periodKey: f.periodKey,
      ...latest,
      createdAt: f.now,
    });
    const revisionId = await insertRevision(db, { reportId, revision, valueNumber: f.valueNumber, valueText: f.valueText, taskStatus: f.taskStatus, note: f.note, personId: f.personId, channel: f.channel, sourceRef: f.sourceRef, createdAt: f.now });
    for (const e of f.evidence) {
      await insertEvidence(db, { revisionId, kind: e.kind, channel: f.channel, fileId: e.fileId, fileUniqueId: e.fileUniqueId ?? null, fileName: e.fileName ?? null, mimeType: e.mimeType ?? null, sizeBytes: e.sizeBytes ?? null, localPath: e.localPath ?? null, createdAt: f.now });
    }
    await auditReport(db, { at: f.now, actorPersonId: f.personId, actor: f.channel, action: revision === 1 ? "report.create" : "report.correct", reportId, details: { revision, periodKey: f.periodKey } });
    return { reportId, revision, duplicate: false };
  });
}
