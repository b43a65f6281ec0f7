import type { Db } from "../../db/client.ts";
import { findChatAccount, groupNoticeSent, recordGroupNotice } from "../../db/repositories/chat-repository.ts";
import type { Inbound, Message } from "../chat/types.ts";

/** What the host does with a message: run the sender's turn, answer with one line and change nothing, or stay silent. */
export type GroupDecision = { type: "turn" } | { type: "answer"; message: Message } | { type: "silent" };

/**
 * The rules for group chats, before any turn runs. Groups off (GROUPS_ENABLED=false): one polite
 * line per group saying the bot works in private chats, then silence. Groups on: a press on buttons
 * shown to someone else changes nothing and says so; a member not linked yet is sent to private chat
 * (an invite code typed in a group is seen by all); everyone else has their own conversation.
 */
export async function groupDecision(db: Db, inbound: Inbound, groupsEnabled: boolean, now: Date): Promise<GroupDecision> {
  if (!inbound.inGroup) return { type: "turn" };
  if (!groupsEnabled) {
    if (await groupNoticeSent(db, inbound)) return { type: "silent" };
    await recordGroupNotice(db, inbound, now);
    return { type: "answer", message: { key: "group.private_only" } };
  }
  if (inbound.buttonsFor !== undefined && inbound.buttonsFor !== inbound.senderId) return { type: "answer", message: { key: "group.not_your_buttons" } };
  if (!(await findChatAccount(db, inbound.channel, inbound.accountId, inbound.senderId))?.personId) return { type: "answer", message: { key: "group.link_in_private" } };
  return { type: "turn" };
}
