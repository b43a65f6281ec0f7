DROP INDEX `reports_period_unit_idx`;--> statement-breakpoint
ALTER TABLE `reports` ADD `figure_status` text DEFAULT 'submitted' NOT NULL;--> statement-breakpoint
ALTER TABLE `reports` ADD `decided_by_person_id` integer REFERENCES people(id) ON DELETE set null;--> statement-breakpoint
ALTER TABLE `reports` ADD `decided_at` integer;--> statement-breakpoint
ALTER TABLE `reports` ADD `return_reason` text;--> statement-breakpoint
CREATE INDEX `reports_period_unit_subject_idx` ON `reports` (`period_key`,`unit_id`,`subject_key`,`figure_status`);--> statement-breakpoint
ALTER TABLE `periods` ADD `reopened_at` integer;--> statement-breakpoint
ALTER TABLE `plans` ADD `approval_required` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `plans` ADD `lock_after_days` integer DEFAULT 5 NOT NULL;--> statement-breakpoint
CREATE INDEX `reminder_deliveries_period_idx` ON `reminder_deliveries` (`period_key`);