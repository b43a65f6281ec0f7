DROP INDEX "reports_period_unit_idx";--> statement-breakpoint
CREATE INDEX "reminder_deliveries_period_idx" ON "reminder_deliveries" USING btree ("period_key");--> statement-breakpoint
CREATE INDEX "reports_period_unit_subject_idx" ON "reports" USING btree ("period_key","unit_id","subject_key");