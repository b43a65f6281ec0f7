import { sql } from "drizzle-orm";
import {
  bigint,
  boolean,
  check,
  doublePrecision,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  uniqueIndex,
  type AnyPgColumn,
} from "drizzle-orm/pg-core";
import { roles } from "../src/domain/roles.ts";
import {
  assignmentRoles,
  broadcastStatuses,
  directions,
  figureStatuses,
  frequencies,
  outboxStatuses,
  periodKinds,
  reminderKinds,
  taskStatuses,
  unitKinds,
  valueKinds,
} from "./schema.ts";

/**
 * The PostgreSQL mirror of db/schema.ts: the same tables, columns, JS property names and JS value
 * types, so one repository body can serve both engines. tests/db/schema-parity.test.ts fails when
 * the two differ; change both files together. Migrations under db/migrations-pg are generated from
 * this file with `npm run db:generate:pg`.
 *
 * Mapping: autoincrement ids → identity ("by default", so `cli db copy` can keep the ids);
 * timestamp_ms integers → timestamptz(3) (a JS Date both sides); json text → jsonb; 0/1 booleans →
 * boolean; real → double precision.
 */

const id = () => integer("id").primaryKey().generatedByDefaultAsIdentity();
const at = (name: string) => timestamp(name, { withTimezone: true, precision: 3, mode: "date" });
const createdAt = () => at("created_at").notNull().defaultNow();

export const plans = pgTable("plans", {
  id: id(),
  key: text("key").notNull().unique(),
  number: text("number").notNull(),
  date: text("date"),
  issuer: text("issuer"),
  title: text("title"),
  sourceFile: text("source_file"),
  format: text("format"),
  problems: jsonb("problems").notNull().default(sql`'[]'::jsonb`),
  /** When on, a figure counts only once its unit head approved it (src/domain/figure-counts.ts). */
  approvalRequired: boolean("approval_required").notNull().default(false),
  /** Days after a period's deadline at which its figures lock (plans with approval on). */
  lockAfterDays: integer("lock_after_days").notNull().default(5),
  createdAt: createdAt(),
  updatedAt: at("updated_at"),
});

export const planTables = pgTable(
  "plan_tables",
  {
    id: id(),
    planId: integer("plan_id")
      .notNull()
      .references(() => plans.id, { onDelete: "cascade" }),
    position: integer("position").notNull(),
    kind: text("kind", { enum: ["indicator", "task"] }).notNull(),
    appendix: text("appendix").notNull().default(""),
    title: text("title").notNull().default(""),
    headers: jsonb("headers").$type<string[]>().notNull(),
    columns: jsonb("columns").$type<string[]>().notNull(),
    rows: jsonb("rows").notNull(),
  },
  (t) => [uniqueIndex("plan_tables_plan_position_idx").on(t.planId, t.position)],
);

export const units = pgTable(
  "units",
  {
    id: id(),
    name: text("name").notNull(),
    key: text("key").notNull().unique(),
    kind: text("kind", { enum: unitKinds }).notNull(),
    parentId: integer("parent_id").references((): AnyPgColumn => units.id, { onDelete: "set null" }),
    createdAt: createdAt(),
  },
  (t) => [index("units_parent_idx").on(t.parentId)],
);

export const unitAliases = pgTable("unit_aliases", {
  id: id(),
  unitId: integer("unit_id")
    .notNull()
    .references(() => units.id, { onDelete: "cascade" }),
  alias: text("alias").notNull(),
  key: text("key").notNull().unique(),
});

export const people = pgTable(
  "people",
  {
    id: id(),
    name: text("name").notNull(),
    phone: text("phone").unique(),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "set null" }),
    locale: text("locale", { enum: ["vi", "en"] }).notNull().default("vi"),
    createdAt: createdAt(),
    updatedAt: at("updated_at"),
    /** Set by `people deactivate`: the person keeps their history but opens no console session (theirs end). */
    deactivatedAt: at("deactivated_at"),
  },
  (t) => [index("people_unit_idx").on(t.unitId)],
);

export const personRoles = pgTable(
  "person_roles",
  {
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    role: text("role", { enum: roles }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.personId, t.role] }), index("person_roles_role_idx").on(t.role)],
);

export const chatAccounts = pgTable(
  "chat_accounts",
  {
    id: id(),
    channel: text("channel").notNull(),
    accountId: text("account_id").notNull().default(""),
    externalUserId: text("external_user_id").notNull(),
    chatId: text("chat_id"),
    displayName: text("display_name"),
    personId: integer("person_id").references(() => people.id, { onDelete: "set null" }),
    linkedAt: at("linked_at"),
    blockedAt: at("blocked_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("chat_accounts_identity_idx").on(t.channel, t.accountId, t.externalUserId),
    index("chat_accounts_person_idx").on(t.personId),
  ],
);

export const inviteCodes = pgTable(
  "invite_codes",
  {
    code: text("code").primaryKey(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: createdAt(),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
    usedByAccountId: integer("used_by_account_id").references(() => chatAccounts.id, { onDelete: "set null" }),
  },
  (t) => [index("invite_codes_person_idx").on(t.personId)],
);

export const indicators = pgTable(
  "indicators",
  {
    id: id(),
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
    baselineValue: doublePrecision("baseline_value"),
    baselineYear: integer("baseline_year"),
    sourceDocument: text("source_document"),
    lead: jsonb("lead").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    coordinating: jsonb("coordinating").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    monitoring: jsonb("monitoring").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    deadlineRaw: text("deadline_raw"),
    deadline: jsonb("deadline"),
    dueAt: at("due_at"),
    needsReview: boolean("needs_review").notNull().default(false),
    reviewReasons: jsonb("review_reasons").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    sourceLine: integer("source_line"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: at("updated_at"),
  },
  (t) => [uniqueIndex("indicators_plan_code_idx").on(t.planId, t.code)],
);

export const targets = pgTable(
  "targets",
  {
    id: id(),
    indicatorId: integer("indicator_id")
      .notNull()
      .references(() => indicators.id, { onDelete: "cascade" }),
    year: integer("year").notNull(),
    level: text("level").notNull().default(""),
    raw: text("raw").notNull(),
    parsed: jsonb("parsed").notNull(),
  },
  (t) => [uniqueIndex("targets_indicator_year_level_idx").on(t.indicatorId, t.year, t.level)],
);

export const tasks = pgTable(
  "tasks",
  {
    id: id(),
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
    lead: jsonb("lead").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    coordinating: jsonb("coordinating").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    deadlineRaw: text("deadline_raw"),
    deadline: jsonb("deadline"),
    deadlineKind: text("deadline_kind"),
    dueAt: at("due_at"),
    basis: text("basis"),
    needsReview: boolean("needs_review").notNull().default(false),
    reviewReasons: jsonb("review_reasons").$type<string[]>().notNull().default(sql`'[]'::jsonb`),
    sourceLine: integer("source_line"),
    position: integer("position").notNull().default(0),
    createdAt: createdAt(),
    updatedAt: at("updated_at"),
  },
  (t) => [uniqueIndex("tasks_plan_code_idx").on(t.planId, t.code), index("tasks_due_idx").on(t.dueAt)],
);

export const assignments = pgTable(
  "assignments",
  {
    id: id(),
    subjectKey: text("subject_key").notNull(),
    indicatorId: integer("indicator_id").references(() => indicators.id, { onDelete: "cascade" }),
    taskId: integer("task_id").references(() => tasks.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    role: text("role", { enum: assignmentRoles }).notNull(),
    frequency: text("frequency", { enum: frequencies }).notNull(),
    focalPersonId: integer("focal_person_id").references(() => people.id, { onDelete: "set null" }),
    source: text("source", { enum: ["catalogue", "manual"] }).notNull(),
    removedAt: at("removed_at"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("assignments_subject_unit_role_idx").on(t.subjectKey, t.unitId, t.role),
    index("assignments_unit_idx").on(t.unitId, t.removedAt),
    index("assignments_focal_idx").on(t.focalPersonId),
    check("assignments_one_subject", sql`(indicator_id IS NULL) <> (task_id IS NULL)`),
  ],
);

export const periods = pgTable("periods", {
  id: id(),
  key: text("key").notNull().unique(),
  kind: text("kind", { enum: periodKinds }).notNull(),
  startsOn: text("starts_on").notNull(),
  endsOn: text("ends_on").notNull(),
  closedAt: at("closed_at"),
  closedByPersonId: integer("closed_by_person_id").references(() => people.id, { onDelete: "set null" }),
  /** Set by a reopen: the cutoff lock no longer applies to this period until it is closed again. */
  reopenedAt: at("reopened_at"),
});

export const reports = pgTable(
  "reports",
  {
    id: id(),
    subjectKey: text("subject_key").notNull(),
    indicatorId: integer("indicator_id").references(() => indicators.id, { onDelete: "cascade" }),
    taskId: integer("task_id").references(() => tasks.id, { onDelete: "cascade" }),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    revision: integer("revision").notNull(),
    valueNumber: doublePrecision("value_number"),
    valueText: text("value_text"),
    taskStatus: text("task_status", { enum: taskStatuses }),
    note: text("note"),
    reporterPersonId: integer("reporter_person_id").references(() => people.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    createdAt: createdAt(),
    updatedAt: at("updated_at").notNull(),
    /** Every new revision is "submitted"; a unit head approves or returns it (audit rows keep each decision). */
    figureStatus: text("figure_status", { enum: figureStatuses }).notNull().default("submitted"),
    /** Who decided the status and when (null while submitted). */
    decidedByPersonId: integer("decided_by_person_id").references(() => people.id, { onDelete: "set null" }),
    decidedAt: at("decided_at"),
    returnReason: text("return_reason"),
  },
  (t) => [
    uniqueIndex("reports_subject_unit_period_idx").on(t.subjectKey, t.unitId, t.periodKey),
    index("reports_unit_period_idx").on(t.unitId, t.periodKey),
    index("reports_period_unit_subject_idx").on(t.periodKey, t.unitId, t.subjectKey, t.figureStatus),
  ],
);

export const reportRevisions = pgTable(
  "report_revisions",
  {
    id: id(),
    reportId: integer("report_id")
      .notNull()
      .references(() => reports.id, { onDelete: "cascade" }),
    revision: integer("revision").notNull(),
    valueNumber: doublePrecision("value_number"),
    valueText: text("value_text"),
    taskStatus: text("task_status", { enum: taskStatuses }),
    note: text("note"),
    personId: integer("person_id").references(() => people.id, { onDelete: "set null" }),
    channel: text("channel").notNull(),
    sourceRef: text("source_ref").unique(),
    createdAt: createdAt(),
  },
  (t) => [uniqueIndex("report_revisions_report_revision_idx").on(t.reportId, t.revision)],
);

export const evidence = pgTable(
  "evidence",
  {
    id: id(),
    revisionId: integer("revision_id")
      .notNull()
      .references(() => reportRevisions.id, { onDelete: "cascade" }),
    kind: text("kind", { enum: ["photo", "document", "link"] }).notNull(),
    channel: text("channel").notNull(),
    fileId: text("file_id").notNull(),
    fileUniqueId: text("file_unique_id"),
    fileName: text("file_name"),
    mimeType: text("mime_type"),
    /** bigint: a Telegram document can pass 2 GiB, beyond PostgreSQL's integer (SQLite integers are 64-bit). */
    sizeBytes: bigint("size_bytes", { mode: "number" }),
    localPath: text("local_path"),
    createdAt: createdAt(),
  },
  (t) => [index("evidence_revision_idx").on(t.revisionId)],
);

export const conversationStates = pgTable(
  "conversation_states",
  {
    channel: text("channel").notNull(),
    chatId: text("chat_id").notNull(),
    personId: integer("person_id").references(() => people.id, { onDelete: "cascade" }),
    session: jsonb("session").notNull(),
    expiresAt: at("expires_at").notNull(),
    updatedAt: at("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.chatId] }), index("conversation_states_expiry_idx").on(t.expiresAt)],
);

export const outbox = pgTable(
  "outbox",
  {
    id: id(),
    channel: text("channel").notNull(),
    accountId: text("account_id").notNull().default(""),
    chatId: text("chat_id").notNull(),
    personId: integer("person_id").references(() => people.id, { onDelete: "set null" }),
    kind: text("kind").notNull(),
    dedupKey: text("dedup_key").notNull().unique(),
    payload: jsonb("payload").notNull(),
    status: text("status", { enum: outboxStatuses }).notNull().default("pending"),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: at("next_attempt_at").notNull(),
    claimedAt: at("claimed_at"),
    sentAt: at("sent_at"),
    externalMessageId: text("external_message_id"),
    lastError: text("last_error"),
    broadcastId: integer("broadcast_id"),
    createdAt: createdAt(),
  },
  (t) => [index("outbox_due_idx").on(t.status, t.nextAttemptAt), index("outbox_broadcast_idx").on(t.broadcastId)],
);

export const processedUpdates = pgTable(
  "processed_updates",
  {
    channel: text("channel").notNull(),
    updateId: text("update_id").notNull(),
    receivedAt: at("received_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.channel, t.updateId] }), index("processed_updates_received_idx").on(t.receivedAt)],
);

export const auditLog = pgTable(
  "audit_log",
  {
    id: id(),
    at: at("at").notNull(),
    actorPersonId: integer("actor_person_id").references(() => people.id, { onDelete: "set null" }),
    actor: text("actor").notNull(),
    action: text("action").notNull(),
    entity: text("entity").notNull(),
    entityId: text("entity_id"),
    details: jsonb("details"),
  },
  (t) => [index("audit_log_entity_idx").on(t.entity, t.entityId)],
);

export const reminderSnoozes = pgTable(
  "reminder_snoozes",
  {
    id: id(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    subjectKey: text("subject_key"),
    unitId: integer("unit_id").references(() => units.id, { onDelete: "cascade" }),
    until: at("until").notNull(),
    createdAt: createdAt(),
  },
  (t) => [index("reminder_snoozes_person_idx").on(t.personId, t.until)],
);

export const reminderDeliveries = pgTable(
  "reminder_deliveries",
  {
    id: id(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    subjectKey: text("subject_key").notNull(),
    unitId: integer("unit_id")
      .notNull()
      .references(() => units.id, { onDelete: "cascade" }),
    periodKey: text("period_key").notNull(),
    kind: text("kind", { enum: reminderKinds }).notNull(),
    offsetDays: integer("offset_days").notNull().default(0),
    localDate: text("local_date").notNull(),
    outboxId: integer("outbox_id"),
    createdAt: createdAt(),
  },
  (t) => [
    uniqueIndex("reminder_deliveries_once_idx").on(t.personId, t.subjectKey, t.unitId, t.periodKey, t.kind, t.localDate),
    index("reminder_deliveries_item_idx").on(t.subjectKey, t.unitId, t.periodKey, t.kind),
    index("reminder_deliveries_period_idx").on(t.periodKey),
  ],
);

export const broadcasts = pgTable("broadcasts", {
  id: id(),
  createdByPersonId: integer("created_by_person_id").references(() => people.id, { onDelete: "set null" }),
  source: text("source").notNull(),
  audience: jsonb("audience").notNull(),
  text: text("text").notNull(),
  status: text("status", { enum: broadcastStatuses }).notNull().default("draft"),
  recipients: integer("recipients").notNull().default(0),
  notLinked: integer("not_linked").notNull().default(0),
  progressChannel: text("progress_channel"),
  progressChatId: text("progress_chat_id"),
  progressMessageId: text("progress_message_id"),
  createdAt: createdAt(),
  confirmedAt: at("confirmed_at"),
  finishedAt: at("finished_at"),
});

/** One-time console login links sent by /web: only the SHA-256 of the token is kept. */
export const consoleLoginLinks = pgTable(
  "console_login_links",
  {
    id: id(),
    tokenHash: text("token_hash").notNull().unique(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    createdAt: at("created_at").notNull(),
    expiresAt: at("expires_at").notNull(),
    usedAt: at("used_at"),
  },
  (t) => [index("console_login_links_person_idx").on(t.personId, t.createdAt)],
);

/** Console browser sessions: the cookie holds the id, the table its SHA-256; csrf is the per-session form token. */
export const consoleSessions = pgTable(
  "console_sessions",
  {
    id: id(),
    idHash: text("id_hash").notNull().unique(),
    personId: integer("person_id")
      .notNull()
      .references(() => people.id, { onDelete: "cascade" }),
    csrfToken: text("csrf_token").notNull(),
    createdAt: at("created_at").notNull(),
    expiresAt: at("expires_at").notNull(),
    lastSeenAt: at("last_seen_at").notNull(),
    endedAt: at("ended_at"),
  },
  (t) => [index("console_sessions_person_idx").on(t.personId)],
);
