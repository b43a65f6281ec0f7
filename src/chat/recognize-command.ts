import { searchKey } from "../domain/search-key.ts";
import type { Command } from "./session.ts";

/**
 * Commands by slash or by words, with or without diacritics, Vietnamese or English:
 * "/baocao", "báo cáo", "bao cao", "report"; "quá hạn?", "cái gì quá hạn", "what's overdue".
 */
const words: Record<Command, string[]> = {
  report: ["baocao", "bao cao", "report", "nop bao cao", "gui bao cao", "bc"],
  list: ["chitieu", "chi tieu", "chi tieu cua toi", "my indicators", "indicators", "danh sach", "list", "viec cua toi", "nhiem vu cua toi", "my tasks"],
  correct: ["sua", "sua bao cao", "sua so lieu", "correct", "edit", "fix"],
  overdue: ["quahan", "qua han", "cai gi qua han", "gi qua han", "nhung gi qua han", "viec qua han", "what s overdue", "whats overdue", "what is overdue", "overdue"],
  progress: ["tiendo", "tien do", "progress"],
  summary: ["tonghop", "tong hop", "summary", "province"],
  help: ["help", "tro giup", "huong dan", "menu", "start", "bat dau", "?"],
  cancel: ["huy", "huy bo", "cancel", "thoi", "stop", "dung lai"],
  broadcast: ["nhac", "nhac nho", "broadcast", "remind"],
  approve: ["duyet", "duyet so lieu", "cho duyet", "so lieu cho duyet", "approve", "approvals"],
  lock: ["khoaso", "khoa so", "khoa ky", "lock", "close period"],
  unlock: ["mokhoa", "mo khoa", "mo khoa so", "mo ky", "unlock", "reopen"],
  web: ["web", "mo trang quan ly", "trang quan ly", "quan ly", "console", "open console"],
};

const lookup = new Map<string, Command>();
for (const [command, list] of Object.entries(words) as [Command, string[]][]) for (const w of list) lookup.set(w, command);

export function recognizeCommand(text: string): Command | undefined {
  const slash = /^\/([a-z_]+)(?:@\w+)?\s*$/i.exec(text.trim());
  if (slash) return lookup.get(slash[1]!.toLowerCase());
  return lookup.get(commandKey(text));
}

/** The words of a short message, without diacritics, punctuation or a trailing "?" / "!". */
export function commandKey(text: string): string {
  return searchKey(text)
    .replace(/[^a-z0-9 ?]/g, " ")
    .replace(/\?/g, " ")
    .replace(/\s+/g, " ")
    .trim() || (text.trim() === "?" ? "?" : "");
}

const yesWords = new Set(["co", "dung", "ok", "oke", "yes", "y", "dong y", "xac nhan", "luu", "gui", "save", "confirm", "chac chan", "dung roi"]);
const noWords = new Set(["khong", "ko", "k", "no", "n", "sai", "chua", "khong dung"]);
const skipWords = new Set(["bo qua", "skip", "khong co", "ko co", "khong can", "next", "tiep", "tiep tuc", "-"]);
const moreWords = new Set(["them", "xem them", "more", "tiep theo", "trang sau", "next page"]);

export function isYes(text: string): boolean {
  return yesWords.has(commandKey(text));
}
export function isNo(text: string): boolean {
  return noWords.has(commandKey(text));
}
export function isSkip(text: string): boolean {
  return skipWords.has(commandKey(text)) || text.trim() === "-";
}
export function isMore(text: string): boolean {
  return moreWords.has(commandKey(text));
}
