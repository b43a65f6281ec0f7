import { randomInt } from "node:crypto";
import type { Db } from "../../db/client.ts";
import { activeInviteCode, findInviteCode, insertInviteCode, type InviteCodeRow } from "../../db/repositories/people-repository.ts";

/** No 0/O, 1/I/L: codes are read aloud and typed on phones. Fits Telegram's deep-link payload. */
const ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789";
const LENGTH = 8;

const DIGITS = "23456789";

/** Always holds a digit, so a code typed alone is told apart from a word. */
export function newInviteCodeText(): string {
  const chars = Array.from({ length: LENGTH }, () => ALPHABET[randomInt(ALPHABET.length)] ?? "A");
  chars[randomInt(LENGTH)] = DIGITS[randomInt(DIGITS.length)] ?? "2";
  return chars.join("");
}

/** The person's usable code, or a new one; a re-import hands out the same code until it is used or expires. */
export async function ensureInviteCode(db: Db, personId: number, now: Date, ttlDays: number, fixedCode?: string): Promise<InviteCodeRow> {
  const existing = await activeInviteCode(db, personId, now);
  if (existing && (!fixedCode || existing.code === fixedCode)) return existing;
  const expiresAt = new Date(now.getTime() + ttlDays * 86_400_000);
  if (fixedCode) {
    const taken = await findInviteCode(db, fixedCode);
    if (taken) return taken;
    return await insertInviteCode(db, { code: fixedCode, personId, expiresAt });
  }
  for (;;) {
    const code = newInviteCodeText();
    if (!await findInviteCode(db, code)) return await insertInviteCode(db, { code, personId, expiresAt });
  }
}
