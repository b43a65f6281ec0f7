import { inTransaction, type Db } from "../../db/client.ts";
import { linkedPrivateAccountsOf } from "../../db/repositories/chat-repository.ts";
import { activeInviteCode } from "../../db/repositories/people-repository.ts";
import { toVnParts } from "../domain/vn-time.ts";
import type { Locale } from "../i18n/translator.ts";
import { queuePersonMessage } from "./host-outbound.ts";
import { findPerson } from "./assignments.ts";
import { telegramDeepLink } from "./invitations.ts";

export type SendInvitationResult = { type: "queued"; queued: number } | { type: "no_code" } | { type: "not_linked" };

/**
 * Sends a person their invite code (and the Telegram deep link, when the bot's username is known)
 * on the chats they have already linked — a focal point on Zalo who should also use Telegram, or
 * who lost the printed card. Through the outbox as a notice, in the person's language; the dedup
 * key is per code and chat, so pressing the button twice sends one message.
 */
export async function sendInvitationByChat(db: Db, personRef: string, opts: { now: Date; botUsername?: string | undefined }): Promise<SendInvitationResult> {
  const person = await findPerson(db, personRef);
  const code = await activeInviteCode(db, person.id, opts.now);
  if (!code) return { type: "no_code" };
  const accounts = await linkedPrivateAccountsOf(db, [person.id]);
  if (accounts.length === 0) return { type: "not_linked" };
  const e = toVnParts(code.expiresAt);
  const params = { name: person.name, code: code.code, expires: `${pad(e.day)}/${pad(e.month)}/${e.year}`, ...(opts.botUsername ? { link: telegramDeepLink(opts.botUsername, code.code) } : {}) };
  const line = { key: opts.botUsername ? "invite.by_chat" : "invite.by_chat_code_only", params };
  return await inTransaction(db, async () => {
    let queued = 0;
    for (const account of accounts) {
      const { created } = await queuePersonMessage(
        db,
        { to: { channel: account.channel, accountId: account.accountId, chatId: account.chatId!, personId: person.id }, locale: person.locale as Locale, kind: "notice", dedupKey: `invite:${code.code}:${account.id}`, lines: [line] },
        opts.now,
      );
      if (created) queued += 1;
    }
    return { type: "queued" as const, queued };
  });
}

function pad(n: number): string {
  return String(n).padStart(2, "0");
}
