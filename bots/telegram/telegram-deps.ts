import type { Logger } from "pino";
import type { ChatService } from "../../src/chat/chat-service.ts";

/** What the Telegram middlewares share, built once by createTelegramBot. */
export interface TelegramDeps {
  chat: ChatService;
  /** Inbound.accountId and the setBlocked account for this bot. */
  accountId: string;
  logger: Logger;
  /** The apology for a failure on our side, in the person's Telegram language when we speak it. */
  apology: (ref: string, languageCode: string | undefined) => string;
  newRef: () => string;
  /** Set when DOWNLOAD_EVIDENCE is on: photos and documents are copied under dataDir/evidence. */
  evidence?: { dataDir: string; maxBytes?: number };
}
