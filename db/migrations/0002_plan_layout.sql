CREATE TABLE `plan_tables` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`plan_id` integer NOT NULL,
	`position` integer NOT NULL,
	`kind` text NOT NULL,
	`appendix` text DEFAULT '' NOT NULL,
	`title` text DEFAULT '' NOT NULL,
	`headers` text NOT NULL,
	`columns` text NOT NULL,
	`rows` text NOT NULL,
	FOREIGN KEY (`plan_id`) REFERENCES `plans`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `plan_tables_plan_position_idx` ON `plan_tables` (`plan_id`,`position`);--> statement-breakpoint
CREATE INDEX `reports_period_unit_idx` ON `reports` (`period_key`,`unit_id`);