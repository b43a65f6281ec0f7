import type { Logger } from "pino";
import { optimizeDatabase, type Db } from "../../db/client.ts";
import { deleteExpiredConversations, pruneProcessedUpdates } from "../../db/repositories/chat-repository.ts";
import { pruneReminderDeliveries } from "../../db/repositories/reminders-repository.ts";
import type { Clock } from "../clock.ts";
import { openPeriodKeys } from "../domain/open-periods.ts";
import { pruneListUploads } from "../services/kept-list-uploads.ts";
import { prunePlanFiles } from "../services/prune-plan-files.ts";

/** How long an update id is remembered: redeliveries come within hours; ids restart after a quiet week. */
export const UPDATE_ID_MEMORY_MS = 48 * 3_600_000;

/**
 * Forgets old update ids, expired conversations and the reminders queued for periods no longer open,
 * the plan uploads never confirmed for a day and the kept bytes no row names (prune-plan-files.ts),
 * the unit and people lists uploaded in the console and never confirmed for a day (kept-list-uploads.ts),
 * then refreshes the query planner's statistics. Safe to run twice for the same minute.
 */
export async function housekeeping(
  db: Db,
  clock: Clock,
  logger: Logger,
  /** DATA_DIR, where the kept plan files are (the service passes it; the benchmarks, which keep none, do not). */
  dataDir?: string,
): Promise<{ updates: number; conversations: number; reminderDeliveries: number; planUploads: number; planFiles: number; listUploads: number }> {
  const now = clock.now();
  const updates = await pruneProcessedUpdates(db, new Date(now.getTime() - UPDATE_ID_MEMORY_MS));
  const conversations = await deleteExpiredConversations(db, now);
  const reminderDeliveries = await pruneReminderDeliveries(db, openPeriodKeys(now));
  const { uploads: planUploads, files: planFiles } = dataDir === undefined ? { uploads: 0, files: 0 } : await prunePlanFiles(db, dataDir, now);
  const listUploads = dataDir === undefined ? 0 : await pruneListUploads(dataDir, now);
  await optimizeDatabase(db);
  if (updates || conversations || reminderDeliveries || planUploads || planFiles || listUploads) {
    logger.info(
      { updates, conversations, reminderDeliveries, planUploads, planFiles, listUploads },
      "housekeeping: pruned old update ids, expired conversations, reminders of closed-out periods and unconfirmed plan and list uploads",
    );
  }
  return { updates, conversations, reminderDeliveries, planUploads, planFiles, listUploads };
}
