import cron, { type ScheduledTask } from "node-cron";
import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import type { Clock } from "../clock.ts";
import type { Translator } from "../i18n/translator.ts";
import { REMINDER_JOB_LOCK, runReminderTick, type ReminderConfig } from "../services/reminders.ts";
import { tickBroadcasts } from "../services/broadcasts.ts";
import { findPersonById } from "../../db/repositories/people-repository.ts";
import { runExclusively } from "../../db/repositories/instance-lock-repository.ts";
import { housekeeping } from "./housekeeping.ts";

/**
 * Cron ticks in Asia/Ho_Chi_Minh that call services; the jobs hold no business logic of their own.
 * Each tick runs once across instances sharing one PostgreSQL database: through runExclusively, an
 * advisory lock per job taken in the tick's transaction, so an instance whose clock fires while
 * another runs the same job skips it (the next tick finds what is left; the jobs are idempotent). On
 * SQLite (one process) the tick just runs. Returns a stop function for graceful shutdown.
 */
export function scheduleJobs(deps: { db: Db; clock: Clock; logger: Logger; config: ReminderConfig & { DATA_DIR: string }; translator: Translator }): () => Promise<void> {
  const tasks: ScheduledTask[] = [
    cron.schedule(
      "17 * * * *",
      async () => {
        try {
          await runExclusively(deps.db, "job:housekeeping", () => housekeeping(deps.db, deps.clock, deps.logger, deps.config.DATA_DIR));
        } catch (err) {
          deps.logger.error({ err }, "housekeeping failed");
        }
      },
      { timezone: "Asia/Ho_Chi_Minh", name: "housekeeping", noOverlap: true },
    ),
    // Every 5 minutes: the day's reminders go at the first tick from 08:00; the rest find nothing new.
    cron.schedule(
      "*/5 * * * *",
      async () => {
        try {
          await runExclusively(deps.db, REMINDER_JOB_LOCK, () => runReminderTick(deps));
        } catch (err) {
          deps.logger.error({ err }, "reminder tick failed");
        }
      },
      { timezone: "Asia/Ho_Chi_Minh", name: "reminders", noOverlap: true },
    ),
    // Every 10 seconds: running broadcasts get their progress message edited, finished ones a summary.
    cron.schedule(
      "*/10 * * * * *",
      async () => {
        try {
          const localeOf = async (personId: number | null) => (personId ? (await findPersonById(deps.db, personId))?.locale : undefined) ?? deps.config.DEFAULT_LOCALE;
          await runExclusively(deps.db, "job:broadcast-progress", () => tickBroadcasts(deps.db, localeOf, deps.clock.now()));
        } catch (err) {
          deps.logger.error({ err }, "broadcast progress tick failed");
        }
      },
      { timezone: "Asia/Ho_Chi_Minh", name: "broadcast-progress", noOverlap: true },
    ),
  ];
  return async () => {
    for (const t of tasks) await t.stop();
  };
}
