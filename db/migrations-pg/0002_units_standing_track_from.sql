CREATE TABLE "province_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"track_from" bigint,
	"updated_at" bigint NOT NULL,
	CONSTRAINT "province_settings_one_row" CHECK ("province_settings"."id" = 1)
);
--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "track_from" bigint;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "external" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "units" ADD COLUMN "deactivated_at" bigint;--> statement-breakpoint
ALTER TABLE "units" ADD CONSTRAINT "units_external_flag" CHECK ("external" in (0, 1));