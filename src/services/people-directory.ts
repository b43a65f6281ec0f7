import type { Db } from "../../db/client.ts";
import { linkedPrivateAccountsOf } from "../../db/repositories/chat-repository.ts";
import { activeInviteCode, listPeople, type InviteCodeRow, type PersonWithRoles } from "../../db/repositories/people-repository.ts";

/** A person as the console's people pages and invite sheet show them. */
export interface DirectoryPerson extends PersonWithRoles {
  /** The channels of their linked private chats ("telegram", "zalo"…): where an invite can be sent. */
  channels: string[];
  /** Their usable invite code, if they have one. */
  invite: InviteCodeRow | undefined;
}

/** Everyone (or the people with these ids), with their roles, unit, linked channels and usable invite code. */
export async function peopleDirectory(db: Db, now: Date, ids?: number[]): Promise<DirectoryPerson[]> {
  const everyone = await listPeople(db);
  const chosen = ids ? everyone.filter((p) => ids.includes(p.id)) : everyone;
  const accounts = await linkedPrivateAccountsOf(db, chosen.map((p) => p.id));
  const out: DirectoryPerson[] = [];
  for (const p of chosen) {
    const channels = [...new Set(accounts.filter((a) => a.personId === p.id).map((a) => a.channel))];
    out.push({ ...p, channels, invite: await activeInviteCode(db, p.id, now) });
  }
  return out;
}
