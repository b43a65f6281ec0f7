import type { Logger } from "pino";
import { optimizeDatabase, type Db } from "../../db/client.ts";
import { deleteExpiredConversations, pruneProcessedUpdates } from "../../db/repositories/chat-repository.ts";
import { pruneReminderDeliveries } from "../../db/repositories/reminders-repository.ts";
import type { Clock } from "../clock.ts";
import { openPeriodKeys } from "../domain/open-periods.ts";

/** How long an update id is remembered: redeliveries come within hours; ids restart after a quiet week. */
export const UPDATE_ID_MEMORY_MS = 48 * 3_600_000;

/**
 * Forgets old update ids, expired conversations and the reminders queued for periods no longer open,
 * then refreshes the query planner's statistics. Safe to run twice for the same minute.
 */
export async function housekeeping(db: Db, clock: Clock, logger: Logger): Promise<{ updates: number; conversations: number; reminderDeliveries: number }> {
  const now = clock.now();
  const updates = await pruneProcessedUpdates(db, new Date(now.getTime() - UPDATE_ID_MEMORY_MS));
  const conversations = await deleteExpiredConversations(db, now);
  const reminderDeliveries = await pruneReminderDeliveries(db, openPeriodKeys(now));
  await optimizeDatabase(db);
  if (updates || conversations || reminderDeliveries) {
    logger.info({ updates, conversations, reminderDeliveries }, "housekeeping: pruned old update ids, expired conversations and reminders of closed-out periods");
  }
  return { updates, conversations, reminderDeliveries };
}
