PRAGMA foreign_keys=OFF;--> statement-breakpoint
CREATE TABLE `__new_reminder_deliveries` (
	`id` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`person_id` integer NOT NULL,
	`kind` text NOT NULL,
	`local_date` text NOT NULL,
	`lines_hash` text NOT NULL,
	`lines` text NOT NULL,
	`outbox_id` integer,
	`created_at` integer DEFAULT (unixepoch('subsec') * 1000) NOT NULL,
	FOREIGN KEY (`person_id`) REFERENCES `people`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
INSERT INTO `__new_reminder_deliveries`("person_id", "kind", "local_date", "lines_hash", "lines", "outbox_id", "created_at") SELECT "person_id", CASE WHEN "kind" = 'escalation' THEN 'escalation' ELSE 'reminder' END, "local_date", 'migrated:' || min("id"), json_group_array(json_array("subject_key", "unit_id", "period_key", "kind", "offset_days")), "outbox_id", min("created_at") FROM `reminder_deliveries` GROUP BY "person_id", CASE WHEN "kind" = 'escalation' THEN 'escalation' ELSE 'reminder' END, "local_date", "outbox_id";--> statement-breakpoint
DROP TABLE `reminder_deliveries`;--> statement-breakpoint
ALTER TABLE `__new_reminder_deliveries` RENAME TO `reminder_deliveries`;--> statement-breakpoint
PRAGMA foreign_keys=ON;--> statement-breakpoint
CREATE UNIQUE INDEX `reminder_deliveries_once_idx` ON `reminder_deliveries` (`local_date`,`person_id`,`kind`,`lines_hash`);