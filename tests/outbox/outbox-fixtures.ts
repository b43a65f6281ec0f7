import type { Db } from "../../db/client.ts";
import { inTransaction } from "../../db/client.ts";
import { chatAccounts } from "../../db/schema.ts";
import type { ChannelSender, OutgoingMessage, RateLimits, SendResult } from "../../src/outbox/channel-sender.ts";
import { enqueueMessage } from "../../src/outbox/enqueue-message.ts";
import type { Clock } from "../../src/clock.ts";

/** Telegram-like chat ids for n recipients: "100001", "100002", … */
export function recipientIds(n: number, first = 100_001): string[] {
  return Array.from({ length: n }, (_, i) => String(first + i));
}

/** One chat account per chat id (private chats: the user id is the chat id). */
export async function addChatAccounts(db: Db, channel: string, chatIds: string[]): Promise<void> {
  await inTransaction(db, async () => {
    for (const chatId of chatIds) await db.insert(chatAccounts).values({ channel, accountId: "", externalUserId: chatId, chatId }).run();
  });
}

/** A broadcast as the broadcast service will write it: one row per recipient, in one transaction. */
export async function enqueueBroadcast(db: Db, o: { channel?: string; broadcastId: number; chatIds: string[]; now: Date; text?: string }): Promise<number[]> {
  return await inTransaction(db, async () =>
    (await Promise.all(o.chatIds.map(
      async (chatId) =>
        (await enqueueMessage(
          db,
          {
            channel: o.channel ?? "telegram",
            chatId,
            kind: "broadcast",
            dedupKey: `broadcast:${o.broadcastId}:${chatId}`,
            payload: { text: o.text ?? "Đề nghị các đơn vị gửi báo cáo tháng 11 trước 16h00 ngày 25/11." },
            broadcastId: o.broadcastId,
          },
          o.now,
        )).id,
    ))),
  );
}

export interface RecordedSend {
  outboxId: number;
  chatId: string;
  at: number;
  editMessageId?: string;
}

/** An in-memory channel: records each send with the injected clock's time and answers what `answer` says (sent by default). */
export function recordingSender(clock: Clock, limits: RateLimits, answer: (m: OutgoingMessage, n: number) => SendResult = () => ({ status: "sent" })): ChannelSender & { sends: RecordedSend[] } {
  const sends: RecordedSend[] = [];
  return {
    channel: "test",
    limits,
    sends,
    send: async (m) => {
      sends.push({ outboxId: m.outboxId, chatId: m.chatId, at: clock.now().getTime(), ...(m.editMessageId ? { editMessageId: m.editMessageId } : {}) });
      const result = answer(m, sends.length);
      return result.status === "sent" && !result.externalMessageId ? { status: "sent", externalMessageId: m.editMessageId ?? `m${m.outboxId}` } : result;
    },
  };
}
