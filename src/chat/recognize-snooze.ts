import { commandKey } from "./recognize-command.ts";

export type SnoozeRequest = { type: "snooze"; days: number } | { type: "resume" };

const MAX_DAYS = 30;

/**
 * "nhắc lại sau", "mai", "để mai", "later", "tomorrow" → one day; "tạm dừng 3 ngày", "nghỉ nhắc 3 ngày",
 * "pause 3 days", "snooze 1 week" → that long (at most 30 days); "tiếp tục nhắc", "bật nhắc", "resume" → resume.
 */
export function recognizeSnooze(text: string): SnoozeRequest | undefined {
  const k = commandKey(text);
  if (/^(tiep tuc nhac|bat nhac|bat nhac lai|nhac lai di|resume|unpause|resume reminders)$/.test(k)) return { type: "resume" };
  if (/^(nhac lai sau|nhac sau|de sau|mai|de mai|nhac mai|mai nhac|later|remind me later|tomorrow|snooze)$/.test(k)) return { type: "snooze", days: 1 };
  const m = /^(?:tam dung|tam ngung|nghi|nghi nhac|hoan|dung nhac|pause|snooze)(?: nhac)?(?: trong)? (\d{1,2}) (ngay|tuan|days?|weeks?)$/.exec(k);
  if (m) {
    const n = Number(m[1]) * (/^(tuan|week)/.test(m[2]!) ? 7 : 1);
    return n >= 1 ? { type: "snooze", days: Math.min(n, MAX_DAYS) } : undefined;
  }
  return undefined;
}
