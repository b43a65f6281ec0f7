DROP INDEX "reminder_deliveries_item_idx";--> statement-breakpoint
DROP INDEX "reminder_deliveries_period_idx";--> statement-breakpoint
DROP INDEX "reminder_deliveries_once_idx";--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_deliveries_once_idx" ON "reminder_deliveries" USING btree ("period_key","person_id","subject_key","unit_id","kind","local_date");