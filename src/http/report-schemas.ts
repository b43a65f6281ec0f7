import { z } from "zod";

/** The read API's request and response shapes: Fastify validates with them and /api/openapi.json describes them. */

const periodKey = z
  .string()
  .regex(/^(\d{4}(-(0[1-9]|1[0-2]|Q[1-4]|H[12]|9M))?|once)$/, "a period key: 2026-11 (month), 2026-Q4, 2026-H2, 2026-9M, 2026 (year) or once")
  .describe("Reporting period: 2026-11, 2026-Q4, 2026-H2, 2026-9M, 2026 or once");

export const reportStatuses = ["expected", "reported", "not_reported", "on_time", "late", "overdue", "due_soon", "not_due"] as const;

export const reportsQuery = z.object({
  period: periodKey,
  plan: z.string().min(1).max(200).optional().describe("Plan number (52/KH-UBND) or key; all plans when absent"),
  unit: z.string().min(1).max(200).optional().describe("Unit id or name"),
  status: z.enum(reportStatuses).optional(),
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(1000).default(100),
});

export const summaryQuery = z.object({ period: periodKey, plan: z.string().min(1).max(200).optional() });
export const planExportQuery = z.object({ period: periodKey, plan: z.string().min(1).max(200) });
export const csvExportQuery = z.object({ period: periodKey, plan: z.string().min(1).max(200).optional() });
export const reportIdParams = z.object({ id: z.coerce.number().int().positive() });

const errorBody = z.object({ error: z.string(), message: z.string() });

export const reportRowJson = z.object({
  reportId: z.number().nullable(),
  plan: z.object({ id: z.number(), number: z.string() }),
  subject: z.object({ type: z.enum(["indicator", "task"]), id: z.number(), code: z.string(), number: z.string().nullable(), name: z.string(), unitOfMeasure: z.string().nullable() }),
  unit: z.object({ id: z.number(), name: z.string() }),
  role: z.string().nullable(),
  period: z.string(),
  dueAt: z.string().nullable(),
  expected: z.boolean(),
  state: z.enum(["reported_on_time", "reported_late", "overdue", "due_soon", "not_due", "untracked"]),
  /** Sent and not returned (đã nộp). */
  submitted: z.boolean(),
  /** Counts as reported: sent, and approved when the plan asks for approval (đã duyệt). */
  reported: z.boolean(),
  figureStatus: z.enum(["submitted", "approved", "returned"]).nullable(),
  returnReason: z.string().nullable(),
  onTime: z.boolean().nullable(),
  value: z.object({ number: z.number().nullable(), text: z.string().nullable(), taskStatus: z.string().nullable(), note: z.string().nullable() }).nullable(),
  reportedBy: z.string().nullable(),
  channel: z.string().nullable(),
  firstReportedAt: z.string().nullable(),
  reportedAt: z.string().nullable(),
  revisions: z.number(),
  evidence: z.object({ count: z.number(), name: z.string().nullable() }).nullable(),
  target: z.object({ year: z.number(), raw: z.string() }).nullable(),
  achievement: z.object({ label: z.enum(["exceeded", "met", "not_met", "na"]), margin: z.number().nullable(), ratio: z.number().nullable() }).nullable(),
});

export const reportsResponse = z.object({ period: z.string(), page: z.number(), pageSize: z.number(), total: z.number(), rows: z.array(reportRowJson) });

export const revisionsResponse = z.object({
  report: z.object({ id: z.number(), subjectKey: z.string(), unit: z.object({ id: z.number(), name: z.string() }), period: z.string() }),
  revisions: z.array(
    z.object({
      revision: z.number(),
      value: z.object({ number: z.number().nullable(), text: z.string().nullable(), taskStatus: z.string().nullable(), note: z.string().nullable() }),
      by: z.string().nullable(),
      channel: z.string(),
      at: z.string(),
      evidence: z.array(z.object({ kind: z.string(), fileName: z.string().nullable(), mimeType: z.string().nullable(), ref: z.string() })),
    }),
  ),
});

const unitSummary = z.object({
  unitId: z.number(),
  unitName: z.string(),
  expected: z.number(),
  submitted: z.number(),
  reported: z.number(),
  onTime: z.number(),
  late: z.number(),
  overdue: z.number(),
  met: z.number(),
  notMet: z.number(),
  completeness: z.number().nullable(),
  timeliness: z.number().nullable(),
});

export const summaryResponse = z.object({ period: z.string(), units: z.array(unitSummary), total: unitSummary.omit({ unitId: true, unitName: true }) });

export { errorBody };
