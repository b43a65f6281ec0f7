import { and, eq, isNotNull, isNull } from "drizzle-orm";
import type { Db } from "../client.ts";
import { chatAccounts, people, personRoles, type Role } from "../schema.ts";
import { inPrivateChat } from "./private-chat.ts";

export interface RoleAccount {
  chatAccountId: number;
  personId: number;
  locale: "vi" | "en";
  channel: string;
  accountId: string;
  chatId: string;
}

/** Every linked, unblocked chat account (any channel) of the people holding this role, with their language. */
export async function roleAccounts(db: Db, role: Role): Promise<RoleAccount[]> {
  return (await db
    .select({
      chatAccountId: chatAccounts.id,
      personId: people.id,
      locale: people.locale,
      channel: chatAccounts.channel,
      accountId: chatAccounts.accountId,
      chatId: chatAccounts.chatId,
    })
    .from(personRoles)
    .innerJoin(people, eq(people.id, personRoles.personId))
    .innerJoin(chatAccounts, eq(chatAccounts.personId, people.id))
    .where(and(eq(personRoles.role, role), isNotNull(chatAccounts.linkedAt), isNull(chatAccounts.blockedAt), isNotNull(chatAccounts.chatId), inPrivateChat))
    .orderBy(chatAccounts.id)
    .all())
    .map((r) => ({ ...r, chatId: r.chatId! }));
}
