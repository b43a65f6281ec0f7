CREATE INDEX `reports_updated_idx` ON `reports` (`updated_at`);--> statement-breakpoint
CREATE INDEX `reports_decided_idx` ON `reports` (`decided_at`);