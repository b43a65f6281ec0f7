import { sql } from "drizzle-orm";
import { assignmentRoles } from "../src/domain/assignment-role.ts";
import { frequencies } from "../src/domain/frequency.ts";
import { roles } from "../src/domain/roles.ts";
import type { ReviewReason } from "../src/importers/types.ts";
import { figureStatuses } from "../src/domain/figure-counts.ts";
import { taskStatuses } from "../src/domain/task-status.ts";
import { unitKinds } from "../src/domain/types.ts";
import { check, index, integer, primaryKey, real, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The single source of the data model. Migrations under db/migrations are generated from this file
 * with `npm run db:generate` and applied at start. Timestamps are UTC milliseconds.
 */

const createdAt = () =>
  integer("created_at", { mode: "timestamp_ms" })
    .notNull()
    .default(sql`(unixepoch('subsec') * 1000)`);

/**
 * A due rule of its own (src/domain/due-rules.ts), on a plan, an item or the province; null: the
 * next one up's (item → plan → province → built in). Day 1–28 and hour 0–23 of the monthly-style
 * deadline; day and month of the yearly one.
 */
const dueRuleColumns = () => ({
  dueDay: integer("due_day"),
  dueHour: integer("due_hour"),
  yearlyDueDay: integer("yearly_due_day"),
  yearlyDueMonth: integer("yearly_due_month"),
});

export const plans = sqliteTable("plans", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** Identity of a plan across re-imports: the plan number's search key, or the one given with --plan. */
  key: text("key").notNull().unique(),
  number: text("number").notNull(),
  date: text("date"),
  issuer: text("issuer"),
  title: text("title"),
  sourceFile: text("source_file"),
  format: text("format"),
  /** What the last import could not read fully (ImportProblem[]), for `catalogue list`. */
  problems: text("problems", { mode: "json" }).notNull().default(sql`'[]'`),
  /** When on, a figure counts only once its unit head approved it (src/domain/figure-counts.ts). */
  approvalRequired: integer("approval_required", { mode: "boolean" }).notNull().default(false),
  /** Days after a period's deadline at which its figures lock (plans with approval on). */
  lockAfterDays: integer("lock_after_days").notNull().default(5),
  /**
   * No period of this plan due before this instant is overdue, reminded or escalated, nor expected
   * (src/domain/reporting-duty.ts); null: the province's own (province_settings). A figure may still be sent.
   */
  trackFrom: integer("track_from", { mode: "timestamp_ms" }),
  ...dueRuleColumns(),
  createdAt: createdAt(),
  updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
});

/**
 * The files a plan was imported from, as uploaded (console) or named (CLI): the bytes are kept in
 * DATA_DIR/plan-files/<sha256> (src/services/plan-files.ts), the row says whose, when and which
 * plan. A row without a plan is an upload awaiting its confirmation; deleting the plan deletes its rows.
 */
export const planFiles = sqliteTable(
  "plan_files",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id").references(() => plans.id, { onDelete: "cascade" }),
    fileName: text("file_name").notNull(),
    sizeBytes: integer("size_bytes").notNull(),
    sha256: text("sha256").notNull(),
    uploadedByPersonId: integer("uploaded_by_person_id").references(() => people.id, { onDelete: "set null" }),
    uploadedBy: text("uploaded_by").notNull(),
    uploadedAt: integer("uploaded_at", { mode: "timestamp_ms" }).notNull(),
    /** When the import it carried was saved; null while awaiting confirmation. */
    importedAt: integer("imported_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("plan_files_plan_idx").on(t.planId)],
);

/**
 * A plan's tables as the document lays them out (one row per appendix table): the header cells as
 * written, what each column holds, and the section and item rows in order. Exports give the plan
 * back in this form.
 */
export const planTables = sqliteTable(
  "plan_tables",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: ["indicator", "task"] }).notNull(),
    appendix: text("appendix").notNull().default(""),
    title: text("title").notNull().default(""),
    headers: text("headers", { mode: "json" }).$type<string[]>().notNull(),
    columns: text("columns", { mode: "json" }).$type<string[]>().notNull(),
    /** LayoutRow[] (src/importers/types.ts): { type: "section", code, title } | { type: "item", code }. */
    rows: text("rows", { mode: "json" }).notNull(),
  },
  (t) => [uniqueIndex("plan_tables_plan_position_idx").on(t.planId, t.position)],
);

export { unitKinds } from "../src/domain/types.ts";

export const units = sqliteTable(
  "units",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** Diacritic-insensitive key of the canonical name; the same key is one unit. */
    key: text("key").notNull().unique(),
    kind: text("kind", { enum: unitKinds }).notNull(),
    parentId: integer("parent_id").references((): any => units.id, { onDelete: "set null" }),
    /** A body outside the province (a ministry): named by plans, owes nothing (src/domain/reporting-duty.ts). */
    external: integer("external", { mode: "boolean" }).notNull().default(false),
    /** Set by `units deactivate`: owes nothing, its people get no reminders, refused as a new assignment target. */
    deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [index("units_parent_idx").on(t.parentId)],
);

export const unitAliases = sqliteTable("unit_aliases", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  unitId: integer("unit_id")
    .notNull()
    .references(() => units.id, { onDelete: "cascade" }),
  alias: text("alias").notNull(),
  key: text("key").notNull().unique(),
});

export { roles, type Role } from "../src/domain/roles.ts";

export const people = sqliteTable(
  "people",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    name: text("name").notNull(),
    /** Normalised to digits with the 0 prefix ("0912345678"); unique when present. */
    phone: text("phone").unique(),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    locale: text("locale", { enum: ["vi", "en"] }).notNull().default("vi"),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
    /** Set by `people deactivate`: the person keeps their history but opens no console session (theirs end). */
    deactivatedAt: integer("deactivated_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("people_unit_idx").on(t.unitId)],
);

export const personRoles = sqliteTable(
  "person_roles",
  {
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role] }), index("person_roles_role_idx").on(t.role)],
);

export const chatAccounts = sqliteTable(
  "chat_accounts",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "telegram", "zalo", "devchat". */
    channel: text("channel").notNull(),
    /** The bot or Zalo account that sees this user (user ids differ per Zalo account). */
    accountId: text("account_id").notNull().default(""),
    externalUserId: text("external_user_id").notNull(),
    chatId: text("chat_id"),
    displayName: text("display_name"),
    personId: integer("person_id").references(() => people.id, { onDelete: "set null" }),
    linkedAt: integer("linked_at", { mode: "timestamp_ms" }),
    blockedAt: integer("blocked_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("chat_accounts_identity_idx").on(t.channel, t.accountId, t.externalUserId),
    index("chat_accounts_person_idx").on(t.personId),
  ],
);

export const inviteCodes = sqliteTable(
  "invite_codes",
  {
    code: text("code").primaryKey(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
    usedByAccountId: integer("used_by_account_id").references(() => chatAccounts.id, { onDelete: "set null" }),
  },
  (t) => [index("invite_codes_person_idx").on(t.personId)],
);

export const valueKinds = ["percent", "count", "score", "rank", "money", "text"] as const;
export const directions = ["higher", "lower", "range", "exact", "none"] as const;

export const indicators = sqliteTable(
  "indicators",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    printedNumber: text("printed_number"),
    sectionCode: text("section_code"),
    sectionTitle: text("section_title"),
    parentCode: text("parent_code"),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    unitOfMeasure: text("unit_of_measure"),
    valueKind: text("value_kind", { enum: valueKinds }).notNull(),
    direction: text("direction", { enum: directions }).notNull(),
    baselineRaw: text("baseline_raw"),
    baselineValue: real("baseline_value"),
    baselineYear: integer("baseline_year"),
    sourceDocument: text("source_document"),
    /** The unit names as the plan writes them; assignments hold the resolved units. */
    lead: text("lead", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    coordinating: text("coordinating", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    monitoring: text("monitoring", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    deadlineRaw: text("deadline_raw"),
    /** The parsed Deadline (src/domain/types.ts) as JSON. */
    deadline: text("deadline", { mode: "json" }),
    dueAt: integer("due_at", { mode: "timestamp_ms" }),
    ...dueRuleColumns(),
    needsReview: integer("needs_review", { mode: "boolean" }).notNull().default(false),
    reviewReasons: text("review_reasons", { mode: "json" }).$type<ReviewReason[]>().notNull().default(sql`'[]'`),
    sourceLine: integer("source_line"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("indicators_plan_code_idx").on(t.planId, t.code)],
);

export const targets = sqliteTable(
  "targets",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    /** Sub-level ("Cấp tỉnh") or "" for the whole indicator. */
    level: text("level").notNull().default(""),
    raw: text("raw").notNull(),
    /** The parsed Target (src/domain/types.ts) as JSON. */
    parsed: text("parsed", { mode: "json" }).notNull(),
  },
  (t) => [uniqueIndex("targets_indicator_year_level_idx").on(t.indicatorId, t.year, t.level)],
);

export const tasks = sqliteTable(
  "tasks",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    code: text("code").notNull(),
    printedNumber: text("printed_number"),
    sectionCode: text("section_code"),
    sectionTitle: text("section_title"),
    name: text("name").notNull(),
    nameKey: text("name_key").notNull(),
    expectedResult: text("expected_result"),
    lead: text("lead", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    coordinating: text("coordinating", { mode: "json" }).$type<string[]>().notNull().default(sql`'[]'`),
    deadlineRaw: text("deadline_raw"),
    deadline: text("deadline", { mode: "json" }),
    deadlineKind: text("deadline_kind"),
    dueAt: integer("due_at", { mode: "timestamp_ms" }),
    ...dueRuleColumns(),
    basis: text("basis"),
    needsReview: integer("needs_review", { mode: "boolean" }).notNull().default(false),
    reviewReasons: text("review_reasons", { mode: "json" }).$type<ReviewReason[]>().notNull().default(sql`'[]'`),
    sourceLine: integer("source_line"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }),
  },
  (t) => [uniqueIndex("tasks_plan_code_idx").on(t.planId, t.code), index("tasks_due_idx").on(t.dueAt)],
);

export { assignmentRoles, type AssignmentRole } from "../src/domain/assignment-role.ts";
export { frequencies, type Frequency } from "../src/domain/frequency.ts";

export const assignments = sqliteTable(
  "assignments",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    /** "i:<indicator id>" or "t:<task id>": one key for either subject, so uniqueness holds. */
    subjectKey: text("subject_key").notNull(),
    indicatorId: integer("indicator_id").references(() => indicators.id, { onDelete: "cascade" }),
    taskId: integer("task_id").references(() => tasks.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    role: text("role", { enum: assignmentRoles }).notNull(),
    frequency: text("frequency", { enum: frequencies }).notNull(),
    focalPersonId: integer("focal_person_id").references(() => people.id, { onDelete: "set null" }),
    /** "catalogue" rows are re-derived at import; "manual" rows are a coordinator's decision. */
    source: text("source", { enum: ["catalogue", "manual"] }).notNull(),
    /** A coordinator's removal: kept as a tombstone so that a re-import does not bring it back. */
    removedAt: integer("removed_at", { mode: "timestamp_ms" }),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("assignments_subject_unit_role_idx").on(t.subjectKey, t.unitId, t.role),
    index("assignments_unit_idx").on(t.unitId, t.removedAt),
    index("assignments_focal_idx").on(t.focalPersonId),
    check("assignments_one_subject", sql`(indicator_id IS NULL) <> (task_id IS NULL)`),
  ],
);

export const periodKinds = ["month", "quarter", "half_year", "nine_months", "year", "one_off"] as const;

export const periods = sqliteTable("periods", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  /** "2026-11", "2026-Q4", "2026-H2", "2026-9M", "2026". */
  key: text("key").notNull().unique(),
  kind: text("kind", { enum: periodKinds }).notNull(),
  startsOn: text("starts_on").notNull(),
  endsOn: text("ends_on").notNull(),
  closedAt: integer("closed_at", { mode: "timestamp_ms" }),
  closedByPersonId: integer("closed_by_person_id").references(() => people.id, { onDelete: "set null" }),
  /** Set by a reopen: the cutoff lock no longer applies to this period until it is closed again. */
  reopenedAt: integer("reopened_at", { mode: "timestamp_ms" }),
});

export { figureStatuses, type FigureStatus } from "../src/domain/figure-counts.ts";
export { taskStatuses, type TaskStatus } from "../src/domain/task-status.ts";

export const reports = sqliteTable(
  "reports",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    subjectKey: text("subject_key").notNull(),
    indicatorId: integer("indicator_id").references(() => indicators.id, { onDelete: "cascade" }),
    taskId: integer("task_id").references(() => tasks.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    /** The latest revision, copied here for the queries that list reports. */
    revision: integer("revision").notNull(),
    valueNumber: real("value_number"),
    valueText: text("value_text"),
    taskStatus: text("task_status", { enum: taskStatuses }),
    note: text("note"),
    reporterPersonId: integer("reporter_person_id").references(() => people.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    createdAt: createdAt(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
    /** Every new revision is "submitted"; a unit head approves or returns it (audit rows keep each decision). */
    figureStatus: text("figure_status", { enum: figureStatuses }).notNull().default("submitted"),
    /** Who decided the status and when (null while submitted). */
    decidedByPersonId: integer("decided_by_person_id").references(() => people.id, { onDelete: "set null" }),
    decidedAt: integer("decided_at", { mode: "timestamp_ms" }),
    returnReason: text("return_reason"),
  },
  (t) => [
    uniqueIndex("reports_subject_unit_period_idx").on(t.subjectKey, t.unitId, t.periodKey),
    index("reports_unit_period_idx").on(t.unitId, t.periodKey),
    // The read model and the summary read one period across every unit; the reminder tick reads
    // (item, unit, figure status) of the open periods, which this index answers alone (it covers them).
    index("reports_period_unit_subject_idx").on(t.periodKey, t.unitId, t.subjectKey, t.figureStatus),
    // The reminder tick's change stamp reads max(decided_at): a decision (a new revision shows in max(report_revisions.id)).
    index("reports_decided_idx").on(t.decidedAt),
    // A person's latest reports (recentReportsOf: reporter or unit, newest first) as a MULTI-INDEX OR with
    // reports_unit_period_idx; an index on updated_at alone was scanned backwards to the end for a person with few reports.
    index("reports_reporter_updated_idx").on(t.reporterPersonId, t.updatedAt),
  ],
);

/** Append-only: a correction adds a revision; nothing here is ever updated or deleted. */
export const reportRevisions = sqliteTable(
  "report_revisions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    valueNumber: real("value_number"),
    valueText: text("value_text"),
    taskStatus: text("task_status", { enum: taskStatuses }),
    note: text("note"),
    personId: integer("person_id").references(() => people.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    /** The inbound update that produced it, so a redelivered update cannot add a second revision. */
    sourceRef: text("source_ref").unique(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("report_revisions_report_revision_idx").on(t.reportId, t.revision)],
);

export const evidence = sqliteTable(
  "evidence",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => reportRevisions.id, { onDelete: "cascade" }),
    /** link: a URL the person typed as evidence (file_id holds it). */
    kind: text("kind", { enum: ["photo", "document", "link"] }).notNull(),
    channel: text("channel").notNull(),
    fileId: text("file_id").notNull(),
    fileUniqueId: text("file_unique_id"),
    fileName: text("file_name"),
    mimeType: text("mime_type"),
    sizeBytes: integer("size_bytes"),
    localPath: text("local_path"),
    createdAt: createdAt(),
  },
  (t) => [index("evidence_revision_idx").on(t.revisionId)],
);

export const conversationStates = sqliteTable(
  "conversation_states",
  {
    channel: text("channel").notNull(),
    chatId: text("chat_id").notNull(),
    personId: integer("person_id").references(() => people.id, { onDelete: "cascade" }),
    /** The chat core's Session as JSON. */
    session: text("session", { mode: "json" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatId] }), index("conversation_states_expiry_idx").on(t.expiresAt)],
);

export const outboxStatuses = ["pending", "sending", "sent", "failed", "blocked"] as const;

export const outbox = sqliteTable(
  "outbox",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel").notNull(),
    accountId: text("account_id").notNull().default(""),
    chatId: text("chat_id").notNull(),
    personId: integer("person_id").references(() => people.id, { onDelete: "set null" }),
    /** "reminder", "escalation", "broadcast", ... */
    kind: text("kind").notNull(),
    /** Writing the same key twice stores one message: the guard against sending twice. */
    dedupKey: text("dedup_key").notNull().unique(),
    payload: text("payload", { mode: "json" }).notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: integer("next_attempt_at", { mode: "timestamp_ms" }).notNull(),
    claimedAt: integer("claimed_at", { mode: "timestamp_ms" }),
    sentAt: integer("sent_at", { mode: "timestamp_ms" }),
    /** The channel's id of the sent message (Telegram message_id), to edit it later. */
    externalMessageId: text("external_message_id"),
    lastError: text("last_error"),
    broadcastId: integer("broadcast_id"),
    /**
     * The language the row's payload.lines are rendered in when it is sent; null for a row written
     * before rows carried message keys (its payload.text is rendered already).
     */
    locale: text("locale", { enum: ["vi", "en"] }),
    createdAt: createdAt(),
  },
  // outbox_chat_queue_idx: whether a chat has an earlier row still to send (a chat's rows go out in id order).
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_broadcast_idx").on(t.broadcastId), index("outbox_chat_queue_idx").on(t.chatId, t.status, t.id)],
);

/**
 * Sends granted by the outbox's rate limiter shared by every instance on one PostgreSQL database
 * (src/outbox/shared-send-gate.ts): one row per granted send and scope ("" = the whole channel,
 * `chat:["<account>","<chat>"]` = one chat), answered once the channel answered; `pause:[…]` rows
 * hold a chat back until granted_at (a 429's retry_after). Old rows are pruned as they go.
 * On SQLite (one instance) the limiter is in memory and the table stays empty.
 */
export const sendSlots = sqliteTable(
  "send_slots",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    channel: text("channel").notNull(),
    scope: text("scope").notNull(),
    grantedAt: integer("granted_at", { mode: "timestamp_ms" }).notNull(),
    answeredAt: integer("answered_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("send_slots_scope_idx").on(t.channel, t.scope, t.answeredAt)],
);

export const processedUpdates = sqliteTable(
  "processed_updates",
  {
    channel: text("channel").notNull(),
    updateId: text("update_id").notNull(),
    receivedAt: integer("received_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.updateId] }), index("processed_updates_received_idx").on(t.receivedAt)],
);

export const auditLog = sqliteTable(
  "audit_log",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    at: integer("at", { mode: "timestamp_ms" }).notNull(),
    /** Who did it: a person, or a tool ("cli", "admin-api", "system"). */
    actorPersonId: integer("actor_person_id").references(() => people.id, { onDelete: "set null" }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    details: text("details", { mode: "json" }),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId)],
);

/** "Nhắc lại sau", "mai", "pause 3 days": no reminders for a person (all, or one item) until a time. */
export const reminderSnoozes = sqliteTable(
  "reminder_snoozes",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    /** Null = every reminder of the person; else one item ("i:12"/"t:5") of one unit. */
    subjectKey: text("subject_key"),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "cascade" }),
    until: integer("until", { mode: "timestamp_ms" }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("reminder_snoozes_person_idx").on(t.personId, t.until)],
);

export const reminderKinds = ["before", "due_day", "overdue", "escalation"] as const;
/** The two messages a tick queues: a focal point's digest and a head's escalation. */
export const reminderMessageKinds = ["reminder", "escalation"] as const;

/** One line of a queued reminder message: [subjectKey, unitId, periodKey, kind, offsetDays (7, 3, 1 for "before", else 0)]. */
export type ReminderLineTuple = [string, number, string, (typeof reminderKinds)[number], number];

/**
 * One reminder message that was queued (a digest or an escalation), for whom, on which local day, and
 * its lines (which item, unit, period, why) in one JSON column: a due tick writes a few hundred rows,
 * not one per line. Unique per (person, kind, day, lines' fingerprint), so a tick that runs twice
 * queues nothing twice; the planner reads the lines back as the history (the overdue reminders
 * already sent, at most N).
 */
export const reminderDeliveries = sqliteTable(
  "reminder_deliveries",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: reminderMessageKinds }).notNull(),
    /** Local date (Asia/Ho_Chi_Minh) the message was for, "YYYY-MM-DD". */
    localDate: text("local_date").notNull(),
    /** A short fingerprint of the lines (the outbox dedup key's too). */
    linesHash: text("lines_hash").notNull(),
    lines: text("lines", { mode: "json" }).$type<ReminderLineTuple[]>().notNull(),
    outboxId: integer("outbox_id"),
    createdAt: createdAt(),
  },
  (t) => [
    // The once-a-day guard for a whole message; a line's own guard is the planner's history (see
    // src/services/reminders.ts). The tick reads every row (housekeeping keeps only open periods').
    uniqueIndex("reminder_deliveries_once_idx").on(t.localDate, t.personId, t.kind, t.linesHash),
  ],
);

export const broadcastStatuses = ["draft", "sending", "done", "cancelled"] as const;

export const broadcasts = sqliteTable("broadcasts", {
  id: integer("id").primaryKey({ autoIncrement: true }),
  createdByPersonId: integer("created_by_person_id").references(() => people.id, { onDelete: "set null" }),
  /** "chat" or "admin-api". */
  source: text("source").notNull(),
  /** The audience as asked: { type: "all" | "not_reported" | "unit" | "role", periodKey?, unitId?, role? }. */
  audience: text("audience", { mode: "json" }).notNull(),
  text: text("text").notNull(),
  status: text("status", { enum: broadcastStatuses }).notNull().default("draft"),
  /** People in the audience, and how many of them have no linked chat account. */
  recipients: integer("recipients").notNull().default(0),
  notLinked: integer("not_linked").notNull().default(0),
  /** Where the live progress message lives (the coordinator's chat), to edit it in place. */
  progressChannel: text("progress_channel"),
  progressChatId: text("progress_chat_id"),
  progressMessageId: text("progress_message_id"),
  createdAt: createdAt(),
  confirmedAt: integer("confirmed_at", { mode: "timestamp_ms" }),
  finishedAt: integer("finished_at", { mode: "timestamp_ms" }),
});

/** One-time console login links sent by /web: only the SHA-256 of the token is kept. */
export const consoleLoginLinks = sqliteTable(
  "console_login_links",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    tokenHash: text("token_hash").notNull().unique(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    usedAt: integer("used_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("console_login_links_person_idx").on(t.personId, t.createdAt)],
);

/** Console browser sessions: the cookie holds the id, the table its SHA-256; csrf is the per-session form token. */
export const consoleSessions = sqliteTable(
  "console_sessions",
  {
    id: integer("id").primaryKey({ autoIncrement: true }),
    idHash: text("id_hash").notNull().unique(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: integer("created_at", { mode: "timestamp_ms" }).notNull(),
    expiresAt: integer("expires_at", { mode: "timestamp_ms" }).notNull(),
    lastSeenAt: integer("last_seen_at", { mode: "timestamp_ms" }).notNull(),
    endedAt: integer("ended_at", { mode: "timestamp_ms" }),
  },
  (t) => [index("console_sessions_person_idx").on(t.personId)],
);

/**
 * The province's own settings: one row (id 1) at most. `track_from`: the province's default for
 * plans without their own (src/domain/reporting-duty.ts); TRACK_FROM in the environment writes it at start.
 */
export const provinceSettings = sqliteTable(
  "province_settings",
  {
    id: integer("id").primaryKey(),
    trackFrom: integer("track_from", { mode: "timestamp_ms" }),
    ...dueRuleColumns(),
    updatedAt: integer("updated_at", { mode: "timestamp_ms" }).notNull(),
  },
  (t) => [check("province_settings_one_row", sql`${t.id} = 1`)],
);
