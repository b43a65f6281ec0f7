import { VN_OFFSET_MINUTES } from "../domain/vn-time.ts";

/**
 * An instant as a spreadsheet date: spreadsheets have no time zones and show a date's UTC fields,
 * so the instant is shifted to read as the wall clock in Asia/Ho_Chi_Minh.
 */
export function vnWallClock(instant: Date): Date {
  return new Date(instant.getTime() + VN_OFFSET_MINUTES * 60_000);
}
