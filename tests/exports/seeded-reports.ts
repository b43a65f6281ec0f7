import type { Db } from "../../db/client.ts";
import type { StatusRow } from "../../src/services/reporting-status.ts";
import { reportFigure } from "../../src/services/reporting.ts";

/**
 * Reports for a share of the rows, the way units send them: numbers for most indicators, a text
 * for some, task statuses with a product or a problem, corrections (a second revision) for every
 * fifth, and some first reports after the deadline. Deterministic: the same rows get the same figures.
 */
export async function seedReports(db: Db, rows: StatusRow[], seedRef: string): Promise<number> {
  let n = 0;
  for (const [i, r] of rows.entries()) {
    if (i % 3 === 2) continue;
    const due = r.dueAt.getTime();
    const first = new Date(i % 4 === 0 ? due + 3_600_000 : due - 86_400_000 * (1 + (i % 5)));
    const task = r.subjectType === "task";
    const status = (["done", "in_progress", "blocked", "not_started"] as const)[i % 4]!;
    const value = (k: number) => (i % 7 === 3 ? `Có ứng dụng ${k}` : Math.round(((i * 37) % 150) * (1 + k / 10) * 10) / 10);
    const send = async (k: number, at: Date) => {
      const v = value(k);
      await reportFigure(db, {
        subjectType: r.subjectType,
        subjectId: r.subjectId,
        unitId: r.unitId,
        periodKey: r.periodKey,
        valueNumber: task || typeof v !== "number" ? null : v,
        valueText: task ? null : typeof v === "string" ? v : null,
        taskStatus: task ? status : null,
        note: task && status === "done" ? `Sản phẩm ${i}` : task && status === "blocked" ? `Vướng mắc ${i}` : null,
        evidence: i % 6 === 0 ? [{ kind: "document", fileId: `f${i}`, fileName: `minh-chung-${i}.pdf` }] : [],
        personId: null,
        channel: i % 2 ? "telegram" : "zalo",
        sourceRef: `${seedRef}:${i}:${k}`,
        now: at,
      });
    };
    await send(0, first);
    if (i % 5 === 0) await send(1, new Date(first.getTime() + 7_200_000));
    n += 1;
  }
  return n;
}
