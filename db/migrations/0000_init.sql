CREATE TABLE `assignments` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_key` text NOT NULL,
	`indicator_id` integer,
	`task_id` integer,
	`unit_id` integer NOT NULL,
	`role` text NOT NULL,
	`frequency` text NOT NULL,
	`focal_person_id` integer,
	`source` text NOT NULL,
	`removed_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`focal_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null,
	CONSTRAINT "assignments_one_subject" CHECK((indicator_id IS NULL) <> (task_id IS NULL))
);
--> statement-breakpoint
CREATE UNIQUE INDEX `assignments_subject_unit_role_idx` ON `assignments` (`subject_key`,`unit_id`,`role`);--> statement-breakpoint
CREATE INDEX `assignments_unit_idx` ON `assignments` (`unit_id`,`removed_at`);--> statement-breakpoint
CREATE INDEX `assignments_focal_idx` ON `assignments` (`focal_person_id`);--> statement-breakpoint
CREATE TABLE `audit_log` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`at` integer NOT NULL,
	`actor_person_id` integer,
	`actor` text NOT NULL,
	`action` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text,
	`details` text,
	FOREIGN KEY (`actor_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity_idx` ON `audit_log` (`entity`,`entity_id`);--> statement-breakpoint
CREATE TABLE `chat_accounts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`external_user_id` text NOT NULL,
	`chat_id` text,
	`display_name` text,
	`person_id` integer,
	`linked_at` integer,
	`blocked_at` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `chat_accounts_identity_idx` ON `chat_accounts` (`channel`,`account_id`,`external_user_id`);--> statement-breakpoint
CREATE INDEX `chat_accounts_person_idx` ON `chat_accounts` (`person_id`);--> statement-breakpoint
CREATE TABLE `conversation_states` (
	`channel` text NOT NULL,
	`chat_id` text NOT NULL,
	`person_id` integer,
	`session` text NOT NULL,
	`expires_at` integer NOT NULL,
	`updated_at` integer NOT NULL,
	PRIMARY KEY(`channel`, `chat_id`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `conversation_states_expiry_idx` ON `conversation_states` (`expires_at`);--> statement-breakpoint
CREATE TABLE `evidence` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`revision_id` integer NOT NULL,
	`kind` text NOT NULL,
	`channel` text NOT NULL,
	`file_id` text NOT NULL,
	`file_unique_id` text,
	`file_name` text,
	`mime_type` text,
	`size_bytes` integer,
	`local_path` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`revision_id`) REFERENCES `report_revisions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `evidence_revision_idx` ON `evidence` (`revision_id`);--> statement-breakpoint
CREATE TABLE `indicators` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`code` text NOT NULL,
	`printed_number` text,
	`section_code` text,
	`section_title` text,
	`parent_code` text,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`unit_of_measure` text,
	`value_kind` text NOT NULL,
	`direction` text NOT NULL,
	`baseline_raw` text,
	`baseline_value` real,
	`baseline_year` integer,
	`source_document` text,
	`lead` text DEFAULT '[]' NOT NULL,
	`coordinating` text DEFAULT '[]' NOT NULL,
	`monitoring` text DEFAULT '[]' NOT NULL,
	`deadline_raw` text,
	`deadline` text,
	`due_at` integer,
	`needs_review` integer DEFAULT false NOT NULL,
	`review_reasons` text DEFAULT '[]' NOT NULL,
	`source_line` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `indicators_plan_code_idx` ON `indicators` (`plan_id`,`code`);--> statement-breakpoint
CREATE TABLE `invite_codes` (
	`code` text PRIMARY KEY NOT NULL,
	`person_id` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	`used_by_account_id` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`used_by_account_id`) REFERENCES `chat_accounts`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE INDEX `invite_codes_person_idx` ON `invite_codes` (`person_id`);--> statement-breakpoint
CREATE TABLE `outbox` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`account_id` text DEFAULT '' NOT NULL,
	`chat_id` text NOT NULL,
	`person_id` integer,
	`kind` text NOT NULL,
	`dedup_key` text NOT NULL,
	`payload` text NOT NULL,
	`status` text DEFAULT 'pending' NOT NULL,
	`attempts` integer DEFAULT 0 NOT NULL,
	`next_attempt_at` integer NOT NULL,
	`claimed_at` integer,
	`sent_at` integer,
	`last_error` text,
	`broadcast_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `outbox_dedup_key_unique` ON `outbox` (`dedup_key`);--> statement-breakpoint
CREATE INDEX `outbox_due_idx` ON `outbox` (`status`,`next_attempt_at`);--> statement-breakpoint
CREATE INDEX `outbox_broadcast_idx` ON `outbox` (`broadcast_id`);--> statement-breakpoint
CREATE TABLE `people` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`phone` text,
	`unit_id` integer,
	`locale` text DEFAULT 'vi' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `people_phone_unique` ON `people` (`phone`);--> statement-breakpoint
CREATE INDEX `people_unit_idx` ON `people` (`unit_id`);--> statement-breakpoint
CREATE TABLE `periods` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`starts_on` text NOT NULL,
	`ends_on` text NOT NULL,
	`closed_at` integer,
	`closed_by_person_id` integer,
	FOREIGN KEY (`closed_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `periods_key_unique` ON `periods` (`key`);--> statement-breakpoint
CREATE TABLE `person_roles` (
	`person_id` integer NOT NULL,
	`role` text NOT NULL,
	PRIMARY KEY(`person_id`, `role`),
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `person_roles_role_idx` ON `person_roles` (`role`);--> statement-breakpoint
CREATE TABLE `plans` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`key` text NOT NULL,
	`number` text NOT NULL,
	`date` text,
	`issuer` text,
	`title` text,
	`source_file` text,
	`format` text,
	`problems` text DEFAULT '[]' NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plans_key_unique` ON `plans` (`key`);--> statement-breakpoint
CREATE TABLE `processed_updates` (
	`channel` text NOT NULL,
	`update_id` text NOT NULL,
	`received_at` integer NOT NULL,
	PRIMARY KEY(`channel`, `update_id`)
);
--> statement-breakpoint
CREATE INDEX `processed_updates_received_idx` ON `processed_updates` (`received_at`);--> statement-breakpoint
CREATE TABLE `report_revisions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`report_id` integer NOT NULL,
	`revision` integer NOT NULL,
	`value_number` real,
	`value_text` text,
	`task_status` text,
	`note` text,
	`person_id` integer,
	`channel` text NOT NULL,
	`source_ref` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`report_id`) REFERENCES `reports`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `report_revisions_source_ref_unique` ON `report_revisions` (`source_ref`);--> statement-breakpoint
CREATE UNIQUE INDEX `report_revisions_report_revision_idx` ON `report_revisions` (`report_id`,`revision`);--> statement-breakpoint
CREATE TABLE `reports` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`subject_key` text NOT NULL,
	`indicator_id` integer,
	`task_id` integer,
	`unit_id` integer NOT NULL,
	`period_key` text NOT NULL,
	`revision` integer NOT NULL,
	`value_number` real,
	`value_text` text,
	`task_status` text,
	`note` text,
	`reporter_person_id` integer,
	`channel` text NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`task_id`) REFERENCES `tasks`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`reporter_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reports_subject_unit_period_idx` ON `reports` (`subject_key`,`unit_id`,`period_key`);--> statement-breakpoint
CREATE INDEX `reports_unit_period_idx` ON `reports` (`unit_id`,`period_key`);--> statement-breakpoint
CREATE TABLE `targets` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`indicator_id` integer NOT NULL,
	`year` integer NOT NULL,
	`level` text DEFAULT '' NOT NULL,
	`raw` text NOT NULL,
	`parsed` text NOT NULL,
	FOREIGN KEY (`indicator_id`) REFERENCES `indicators`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `targets_indicator_year_level_idx` ON `targets` (`indicator_id`,`year`,`level`);--> statement-breakpoint
CREATE TABLE `tasks` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`code` text NOT NULL,
	`printed_number` text,
	`section_code` text,
	`section_title` text,
	`name` text NOT NULL,
	`name_key` text NOT NULL,
	`expected_result` text,
	`lead` text DEFAULT '[]' NOT NULL,
	`coordinating` text DEFAULT '[]' NOT NULL,
	`deadline_raw` text,
	`deadline` text,
	`deadline_kind` text,
	`due_at` integer,
	`basis` text,
	`needs_review` integer DEFAULT false NOT NULL,
	`review_reasons` text DEFAULT '[]' NOT NULL,
	`source_line` integer,
	`position` integer DEFAULT 0 NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`updated_at` integer,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `tasks_plan_code_idx` ON `tasks` (`plan_id`,`code`);--> statement-breakpoint
CREATE INDEX `tasks_due_idx` ON `tasks` (`due_at`);--> statement-breakpoint
CREATE TABLE `unit_aliases` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`unit_id` integer NOT NULL,
	`alias` text NOT NULL,
	`key` text NOT NULL,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `unit_aliases_key_unique` ON `unit_aliases` (`key`);--> statement-breakpoint
CREATE TABLE `units` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`name` text NOT NULL,
	`key` text NOT NULL,
	`kind` text NOT NULL,
	`parent_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`parent_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE UNIQUE INDEX `units_key_unique` ON `units` (`key`);--> statement-breakpoint
CREATE INDEX `units_parent_idx` ON `units` (`parent_id`);