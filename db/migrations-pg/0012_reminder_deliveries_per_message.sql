ALTER TABLE "reminder_deliveries" DROP CONSTRAINT "reminder_deliveries_unit_id_units_id_fk";
--> statement-breakpoint
DROP INDEX "reminder_deliveries_once_idx";--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD COLUMN "lines_hash" text;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ADD COLUMN "lines" jsonb;--> statement-breakpoint
WITH "messages" AS (SELECT min("id") AS "first_id", jsonb_agg(jsonb_build_array("subject_key", "unit_id", "period_key", "kind", "offset_days") ORDER BY "id") AS "lines" FROM "reminder_deliveries" GROUP BY "person_id", CASE WHEN "kind" = 'escalation' THEN 'escalation' ELSE 'reminder' END, "local_date", "outbox_id")
UPDATE "reminder_deliveries" AS d SET "lines" = m."lines", "lines_hash" = 'migrated:' || m."first_id", "kind" = CASE WHEN d."kind" = 'escalation' THEN 'escalation' ELSE 'reminder' END FROM "messages" AS m WHERE d."id" = m."first_id";--> statement-breakpoint
DELETE FROM "reminder_deliveries" WHERE "lines" IS NULL;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ALTER COLUMN "lines_hash" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ALTER COLUMN "lines" SET NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "reminder_deliveries_once_idx" ON "reminder_deliveries" USING btree ("local_date","person_id","kind","lines_hash");--> statement-breakpoint
ALTER TABLE "reminder_deliveries" DROP COLUMN "subject_key";--> statement-breakpoint
ALTER TABLE "reminder_deliveries" DROP COLUMN "unit_id";--> statement-breakpoint
ALTER TABLE "reminder_deliveries" DROP COLUMN "period_key";--> statement-breakpoint
ALTER TABLE "reminder_deliveries" DROP COLUMN "offset_days";
