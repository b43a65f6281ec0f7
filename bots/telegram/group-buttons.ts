import type { Reply } from "../../src/chat/types.ts";

const OWNER_MARK = "~";
const MAX_CALLBACK_BYTES = 64;

/**
 * In a group everyone sees every keyboard, so each button's data names the person it was shown to
 * ("c1.7~123456789"): a press by someone else is recognised (Inbound.buttonsFor) and changes nothing.
 */
export function ownButtons(replies: Reply[], senderId: string): Reply[] {
  return replies.map((reply) => ({
    ...reply,
    choices: reply.choices.map((choice) => {
      const id = `${choice.id}${OWNER_MARK}${senderId}`;
      if (Buffer.byteLength(id) > MAX_CALLBACK_BYTES) throw new Error(`Button id "${id}" is over Telegram's 64 bytes: shorten the choice ids (offerChoices in src/chat/session.ts).`);
      return { ...choice, id };
    }),
  }));
}

/** The choice id and, when it carries one, the person the button was shown to. */
export function readButtonOwner(data: string): { choice: string; owner?: string } {
  const at = data.lastIndexOf(OWNER_MARK);
  if (at < 0) return { choice: data };
  return { choice: data.slice(0, at), owner: data.slice(at + 1) };
}
