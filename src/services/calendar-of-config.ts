import type { Config } from "../config.ts";
import { parseHolidays, parseQuietHours, type WorkingCalendar } from "../domain/working-calendar.ts";

/** The working calendar the configuration describes: HOLIDAYS and QUIET_HOURS (weekends are always off). */
export function calendarOfConfig(config: Pick<Config, "HOLIDAYS" | "QUIET_HOURS">): WorkingCalendar {
  return { holidays: parseHolidays(config.HOLIDAYS), quiet: parseQuietHours(config.QUIET_HOURS) };
}
