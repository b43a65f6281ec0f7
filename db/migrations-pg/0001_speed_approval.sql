DROP INDEX "reports_period_unit_idx";--> statement-breakpoint
ALTER TABLE "periods" ADD COLUMN "reopened_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "approval_required" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "lock_after_days" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "figure_status" text DEFAULT 'submitted' NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "decided_by_person_id" integer;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "decided_at" timestamp (3) with time zone;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "return_reason" text;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_decided_by_person_id_people_id_fk" FOREIGN KEY ("decided_by_person_id") REFERENCES "public"."people"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "reminder_deliveries_period_idx" ON "reminder_deliveries" USING btree ("period_key");--> statement-breakpoint
CREATE INDEX "reports_period_unit_subject_idx" ON "reports" USING btree ("period_key","unit_id","subject_key","figure_status");