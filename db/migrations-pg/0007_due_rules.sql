ALTER TABLE "indicators" ADD COLUMN "due_day" integer;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "due_hour" integer;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "yearly_due_day" integer;--> statement-breakpoint
ALTER TABLE "indicators" ADD COLUMN "yearly_due_month" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "due_day" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "due_hour" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "yearly_due_day" integer;--> statement-breakpoint
ALTER TABLE "plans" ADD COLUMN "yearly_due_month" integer;--> statement-breakpoint
ALTER TABLE "province_settings" ADD COLUMN "due_day" integer;--> statement-breakpoint
ALTER TABLE "province_settings" ADD COLUMN "due_hour" integer;--> statement-breakpoint
ALTER TABLE "province_settings" ADD COLUMN "yearly_due_day" integer;--> statement-breakpoint
ALTER TABLE "province_settings" ADD COLUMN "yearly_due_month" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_day" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "due_hour" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "yearly_due_day" integer;--> statement-breakpoint
ALTER TABLE "tasks" ADD COLUMN "yearly_due_month" integer;