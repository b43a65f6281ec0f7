import { inTransaction } from "../../db/client.ts";
import { runWhenFree } from "../../db/repositories/instance-lock-repository.ts";
import { lastOutboxId, outboxMessagesAfter, type OutboxPreviewRow } from "../../db/repositories/outbox-preview-repository.ts";
import { REMINDER_JOB_LOCK, runReminderTick, type ReminderTickDeps, type ReminderTickResult } from "./reminders.ts";

export interface ReminderPreview {
  result: ReminderTickResult;
  /** The outbox rows the tick wrote (rolled back again unless sent). */
  messages: OutboxPreviewRow[];
}

/**
 * The reminder tick at the deps' clock, for a coordinator to see what it sends: the real tick, whose
 * outbox rows are read and then rolled back — or, with `send`, kept, for the service's outbox to deliver;
 * then it holds the reminder job's lock (runWhenFree), as the service's tick does (runExclusively).
 */
export async function previewReminderTick(deps: ReminderTickDeps, opts: { send: boolean }): Promise<ReminderPreview> {
  const run = async (): Promise<ReminderPreview> => {
    const before = await lastOutboxId(deps.db);
    const result = await runReminderTick(deps);
    return { result, messages: await outboxMessagesAfter(deps.db, before) };
  };
  // Sent for real: after (never beside) a tick running in a service instance, whose lines it then sees as sent.
  if (opts.send) return await runWhenFree(deps.db, REMINDER_JOB_LOCK, run);
  let preview: ReminderPreview | undefined;
  try {
    await inTransaction(deps.db, async () => {
      preview = await run();
      throw new PreviewRollback();
    });
  } catch (err) {
    if (!(err instanceof PreviewRollback)) throw err;
  }
  if (!preview) throw new Error("previewReminderTick: the tick returned nothing");
  return preview;
}

class PreviewRollback extends Error {}
