import cron from "node-cron";
import { describe, expect, it } from "vitest";
import { scheduleJobs } from "../../src/jobs/schedule-jobs.ts";
import { createLogger } from "../../src/logger.ts";
import { reminderWorld, vn } from "./reminder-world.ts";

describe("the reminder job", () => {
  it("ticks every 5 minutes in Asia/Ho_Chi_Minh and calls the reminder service under the injected clock; a second run of the same minute sends nothing twice", async () => {
    const w = await reminderWorld();
    const stop = scheduleJobs({ db: w.db, clock: w.clock, logger: createLogger("silent"), config: w.config, translator: w.translator });
    try {
      const task = [...cron.getTasks().values()].find((t) => t.name === "reminders");
      expect(task?.getPattern()).toBe("*/5 * * * *");

      w.clock.set(vn("2026-11-18T07:55:00"));
      await task!.execute();
      expect(await w.outboxCount()).toBe(0);

      w.clock.set(vn("2026-11-18T08:00:00"));
      await task!.execute();
      const queued = await w.outboxCount();
      // Five focal points' digests, and the two heads' escalations of the tasks overdue since the spring.
      expect(queued).toBe(7);
      await task!.execute();
      expect(await w.outboxCount()).toBe(queued);
    } finally {
      await stop();
      w.remove();
    }
  });
});
