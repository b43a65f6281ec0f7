ALTER TABLE `indicators` ADD `due_day` integer;--> statement-breakpoint
ALTER TABLE `indicators` ADD `due_hour` integer;--> statement-breakpoint
ALTER TABLE `indicators` ADD `yearly_due_day` integer;--> statement-breakpoint
ALTER TABLE `indicators` ADD `yearly_due_month` integer;--> statement-breakpoint
ALTER TABLE `plans` ADD `due_day` integer;--> statement-breakpoint
ALTER TABLE `plans` ADD `due_hour` integer;--> statement-breakpoint
ALTER TABLE `plans` ADD `yearly_due_day` integer;--> statement-breakpoint
ALTER TABLE `plans` ADD `yearly_due_month` integer;--> statement-breakpoint
ALTER TABLE `province_settings` ADD `due_day` integer;--> statement-breakpoint
ALTER TABLE `province_settings` ADD `due_hour` integer;--> statement-breakpoint
ALTER TABLE `province_settings` ADD `yearly_due_day` integer;--> statement-breakpoint
ALTER TABLE `province_settings` ADD `yearly_due_month` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `due_day` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `due_hour` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `yearly_due_day` integer;--> statement-breakpoint
ALTER TABLE `tasks` ADD `yearly_due_month` integer;