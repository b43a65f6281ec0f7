CREATE TABLE `broadcasts` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`created_by_person_id` integer,
	`source` text NOT NULL,
	`audience` text NOT NULL,
	`text` text NOT NULL,
	`status` text DEFAULT 'draft' NOT NULL,
	`recipients` integer DEFAULT 0 NOT NULL,
	`not_linked` integer DEFAULT 0 NOT NULL,
	`progress_channel` text,
	`progress_chat_id` text,
	`progress_message_id` text,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	`confirmed_at` integer,
	`finished_at` integer,
	FOREIGN KEY (`created_by_person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE set null
);
--> statement-breakpoint
CREATE TABLE `reminder_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`subject_key` text NOT NULL,
	`unit_id` integer NOT NULL,
	`period_key` text NOT NULL,
	`kind` text NOT NULL,
	`offset_days` integer DEFAULT 0 NOT NULL,
	`local_date` text NOT NULL,
	`outbox_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_deliveries_once_idx` ON `reminder_deliveries` (`person_id`,`subject_key`,`unit_id`,`period_key`,`kind`,`local_date`);--> statement-breakpoint
CREATE INDEX `reminder_deliveries_item_idx` ON `reminder_deliveries` (`subject_key`,`unit_id`,`period_key`,`kind`);--> statement-breakpoint
CREATE TABLE `reminder_snoozes` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`subject_key` text,
	`unit_id` integer,
	`until` integer NOT NULL,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`unit_id`) REFERENCES `units`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `reminder_snoozes_person_idx` ON `reminder_snoozes` (`person_id`,`until`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `external_message_id` text;