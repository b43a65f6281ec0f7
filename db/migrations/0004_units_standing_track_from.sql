CREATE TABLE `province_settings` (
	`id` integer PRIMARY KEY NOT NULL,
	`track_from` integer,
	`updated_at` integer NOT NULL,
	CONSTRAINT "province_settings_one_row" CHECK("province_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE `plans` ADD `track_from` integer;--> statement-breakpoint
ALTER TABLE `units` ADD `external` integer DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE `units` ADD `deactivated_at` integer;