import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import { deleteExpiredConversations, pruneProcessedUpdates } from "../../db/repositories/chat-repository.ts";
import type { Clock } from "../clock.ts";

/** How long an update id is remembered: redeliveries come within hours; ids restart after a quiet week. */
export const UPDATE_ID_MEMORY_MS = 48 * 3_600_000;

/** Forgets old update ids and expired conversations. Safe to run twice for the same minute. */
export function housekeeping(db: Db, clock: Clock, logger: Logger): { updates: number; conversations: number } {
  const now = clock.now();
  const updates = pruneProcessedUpdates(db, new Date(now.getTime() - UPDATE_ID_MEMORY_MS));
  const conversations = deleteExpiredConversations(db, now);
  if (updates || conversations) logger.info({ updates, conversations }, "housekeeping: pruned old update ids and expired conversations");
  return { updates, conversations };
}
