import type { Db } from "../../db/client.ts";
import { findChatAccount } from "../../db/repositories/chat-repository.ts";
import { findPersonById } from "../../db/repositories/people-repository.ts";
import type { Locale } from "../../src/i18n/translator.ts";

/**
 * The language of the person behind a Zalo user of one account, for the lines the Zalo adapter adds
 * itself (the numbered list's hint, the apology): the replies come rendered, their locale does not.
 * An unknown or unlinked user, or a group, reads the default.
 */
export function recipientLocale(db: Db, defaultLocale: Locale): (accountId: string, userId: string) => Locale {
  return (accountId, userId) => {
    const account = findChatAccount(db, "zalo", accountId, userId);
    const person = account?.personId ? findPersonById(db, account.personId) : undefined;
    return person?.locale === "en" || person?.locale === "vi" ? person.locale : defaultLocale;
  };
}
