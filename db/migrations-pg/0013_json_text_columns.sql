ALTER TABLE "conversation_states" ALTER COLUMN "session" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "outbox" ALTER COLUMN "payload" SET DATA TYPE text;--> statement-breakpoint
ALTER TABLE "reminder_deliveries" ALTER COLUMN "lines" SET DATA TYPE text;