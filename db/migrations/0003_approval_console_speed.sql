CREATE TABLE `console_login_links` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`token_hash` text NOT NULL,
	`person_id` integer NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`used_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `console_login_links_token_hash_unique` ON `console_login_links` (`token_hash`);--> statement-breakpoint
CREATE INDEX `console_login_links_person_idx` ON `console_login_links` (`person_id`,`created_at`);--> statement-breakpoint
CREATE TABLE `console_sessions` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`id_hash` text NOT NULL,
	`person_id` integer NOT NULL,
	`csrf_token` text NOT NULL,
	`created_at` integer NOT NULL,
	`expires_at` integer NOT NULL,
	`last_seen_at` integer NOT NULL,
	`ended_at` integer,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `console_sessions_id_hash_unique` ON `console_sessions` (`id_hash`);--> statement-breakpoint
CREATE INDEX `console_sessions_person_idx` ON `console_sessions` (`person_id`);--> statement-breakpoint
DROP INDEX `reports_period_unit_idx`;--> statement-breakpoint
ALTER TABLE `reports` ADD `figure_status` text DEFAULT 'submitted' NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `decided_by_person_id` integer REFERENCES people(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `reports` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `return_reason` text;--> statement-breakpoint
CREATE INDEX `reports_period_unit_subject_idx` ON `reports` (`period_key`,`unit_id`,`subject_key`,`figure_status`);--> statement-breakpoint
ALTER TABLE `people` ADD `deactivated_at` integer;--> statement-breakpoint
ALTER TABLE `periods` ADD `reopened_at` integer;--> statement-breakpoint
ALTER TABLE `plans` ADD `approval_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `lock_after_days` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
CREATE INDEX `reminder_deliveries_period_idx` ON `reminder_deliveries` (`period_key`);