import { inTransaction, type Db } from "../../db/client.ts";
import { activeInviteCode, expireInviteCodes, type InviteCodeRow } from "../../db/repositories/people-repository.ts";
import { findPerson } from "./assignments.ts";
import { ensureInviteCode } from "./invite-codes.ts";

export interface Invitation {
  person: { id: number; name: string; phone: string | null };
  /** The usable code, if the person has one. */
  code: InviteCodeRow | undefined;
  /** https://t.me/<bot>?start=<code>: opening it in Telegram sends "/start <code>", which links the chat. */
  telegramLink: string | undefined;
}

/** The Telegram deep link of an invite code; Telegram allows 64 characters of A-Za-z0-9_- after start=, which codes are. */
export function telegramDeepLink(botUsername: string, code: string): string {
  return `https://t.me/${botUsername}?start=${encodeURIComponent(code)}`;
}

/** A person's current invitation (phone or id), with its link when the bot's username is configured. */
export async function showInvitation(db: Db, personRef: string, opts: { now: Date; botUsername?: string }): Promise<Invitation> {
  const person = await findPerson(db, personRef);
  return invitationOf(person, await activeInviteCode(db, person.id, opts.now), opts.botUsername);
}

/** A new code for a person (the old one, if still open, stops working): for a lost or expired invitation. */
export async function reissueInvitation(db: Db, personRef: string, opts: { now: Date; ttlDays: number; botUsername?: string }): Promise<Invitation> {
  const person = await findPerson(db, personRef);
  const code = await inTransaction(db, async () => {
    await expireInviteCodes(db, person.id, opts.now);
    return ensureInviteCode(db, person.id, opts.now, opts.ttlDays);
  });
  return invitationOf(person, code, opts.botUsername);
}

/** Stops a person's open invite code (sent to the wrong number, the person left); chats already linked stay linked. */
export async function revokeInvitation(db: Db, personRef: string, now: Date): Promise<{ person: Invitation["person"]; revoked: number }> {
  const person = await findPerson(db, personRef);
  return { person: { id: person.id, name: person.name, phone: person.phone }, revoked: await expireInviteCodes(db, person.id, now) };
}

function invitationOf(person: { id: number; name: string; phone: string | null }, code: InviteCodeRow | undefined, botUsername: string | undefined): Invitation {
  return {
    person: { id: person.id, name: person.name, phone: person.phone },
    code,
    telegramLink: code && botUsername ? telegramDeepLink(botUsername, code.code) : undefined,
  };
}
