CREATE TABLE `send_slots` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`channel` text NOT NULL,
	`scope` text NOT NULL,
	`granted_at` integer NOT NULL,
	`answered_at` integer
);
--> statement-breakpoint
CREATE INDEX `send_slots_scope_idx` ON `send_slots` (`channel`,`scope`,`answered_at`);--> statement-breakpoint
ALTER TABLE `outbox` ADD `locale` text;