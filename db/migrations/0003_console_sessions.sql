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
ALTER TABLE `people` ADD `deactivated_at` integer;