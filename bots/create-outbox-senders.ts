import type { Config } from "../src/config.ts";
import { devChatEnabled } from "../src/app.ts";
import type { ChannelSender } from "../src/outbox/channel-sender.ts";
import { withOutboxFiles, type OutboxFilesOptions } from "../src/outbox/with-outbox-files.ts";
import { createDevChatSender } from "./devchat/dev-chat-sender.ts";
import { createTelegramSender } from "./telegram/telegram-sender.ts";
import { createZaloSender, type ZaloSenderOptions } from "./zalo/zalo-sender.ts";

/**
 * One outbox sender per configured channel: Telegram when a token is set (at the configured
 * limits), Zalo when a transport runs (given here, it is started by main), the dev chat when it is
 * on. Rows of a channel without a sender wait in the outbox. With `files`, rows carrying a file are
 * built and stored by withOutboxFiles before the channel's sender gets them.
 */
export function createOutboxSenders(config: Config, running: { zalo?: Omit<ZaloSenderOptions, "limits">; files?: OutboxFilesOptions } = {}): ChannelSender[] {
  const senders: ChannelSender[] = [];
  if (config.TELEGRAM_BOT_TOKEN) {
    senders.push(
      createTelegramSender({
        token: config.TELEGRAM_BOT_TOKEN,
        apiRoot: config.TELEGRAM_API_ROOT,
        limits: { perSecond: config.TELEGRAM_RATE_PER_SECOND, perChatPerSecond: config.TELEGRAM_RATE_PER_CHAT_PER_SECOND, perGroupPerMinute: config.TELEGRAM_RATE_PER_GROUP_PER_MINUTE },
      }),
    );
  }
  if (config.ZALO_TRANSPORT !== "off" && running.zalo) {
    senders.push(createZaloSender({ ...running.zalo, limits: { perMinute: config.ZALO_RATE_PER_MINUTE, perChatPerMinute: config.ZALO_RATE_PER_CHAT_PER_MINUTE } }));
  }
  if (devChatEnabled(config)) senders.push(createDevChatSender());
  // Rows with a file (/xuat, the charts of /tonghop and /tiendo): built and stored once, then sent by each channel its own way.
  const files = running.files;
  return files ? senders.map((s) => withOutboxFiles(s, files)) : senders;
}
