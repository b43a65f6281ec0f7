import type { Db } from "../../db/client.ts";
import { findChatAccount } from "../../db/repositories/chat-repository.ts";
import { findPersonById } from "../../db/repositories/people-repository.ts";
import type { Locale } from "../../src/i18n/translator.ts";

/**
 * The language of the person behind a Zalo user of one account, for the hint the outbox's Zalo sender
 * adds under a queued message's numbered list: outbox rows hold rendered text, not its language.
 * (Direct replies take theirs from the chat's outcome.) An unknown or unlinked user, or a group,
 * reads the default.
 */
export function recipientLocale(db: Db, defaultLocale: Locale): (accountId: string, userId: string) => Promise<Locale> {
  return async (accountId, userId) => {
    const account = await findChatAccount(db, "zalo", accountId, userId);
    const person = account?.personId ? await findPersonById(db, account.personId) : undefined;
    return person?.locale === "en" || person?.locale === "vi" ? person.locale : defaultLocale;
  };
}
