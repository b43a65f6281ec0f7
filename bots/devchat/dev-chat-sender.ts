import type { ChannelSender } from "../../src/outbox/channel-sender.ts";

/**
 * The dev chat has no network to send over: a message is delivered by being marked sent, and the
 * dev chat reads its inbox from the outbox (GET /dev/inbox). Limits are there only to keep the
 * dispatcher's code path the same as Telegram's.
 */
export function createDevChatSender(): ChannelSender {
  return {
    channel: "devchat",
    limits: { perSecond: 1000, perChatPerSecond: 100 },
    send: async (m) => ({ status: "sent", externalMessageId: m.editMessageId ?? `dev-${m.outboxId}` }),
  };
}
