DROP INDEX "reports_updated_idx";--> statement-breakpoint
CREATE INDEX "reports_reporter_updated_idx" ON "reports" USING btree ("reporter_person_id","updated_at");