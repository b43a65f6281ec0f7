import { randomBytes } from "node:crypto";
import { autoRetry } from "@grammyjs/auto-retry";
import { Bot } from "grammy";
import type { UserFromGetMe } from "grammy/types";
import type { Logger } from "pino";
import type { ChatService } from "../../src/chat/chat-service.ts";
import type { Locale, Translator } from "../../src/i18n/translator.ts";
import { apology } from "./apology.ts";
import { blockStatus } from "./block-status.ts";
import { claimUpdate } from "./claim-update.ts";
import { conversation } from "./conversation.ts";
import { describeError } from "./describe-error.ts";
import { reportBotError } from "./report-bot-error.ts";
import { sequentializeByChat } from "./sequentialize-by-chat.ts";
import type { TelegramDeps } from "./telegram-deps.ts";

export interface CreateTelegramBotOptions {
  token: string;
  /** https://api.telegram.org, a self-hosted Bot API server, or the tests' fake; no trailing slash. */
  apiRoot: string;
  /** Known bot info skips the getMe call at start (tests, fast restarts). */
  botInfo?: UserFromGetMe;
  chat: ChatService;
  logger: Logger;
  /** Inbound.accountId for this bot; "" while the service runs a single Telegram bot. */
  accountId?: string;
  /** Renders the apology (`error.internal`) when the core or Telegram fails. */
  translator: Translator;
  /** The apology's language when the person's Telegram language is not one of ours (DEFAULT_LOCALE). */
  defaultLocale?: Locale;
  /** Reference ids for failures; injected by tests. */
  newRef?: () => string;
  /** DOWNLOAD_EVIDENCE: copy evidence photos and documents into dataDir/evidence (DATA_DIR); otherwise only their file ids are kept. */
  evidence?: { dataDir: string; maxBytes?: number };
}

/**
 * The grammY bot, thin: it claims the update, maps it to an Inbound, lets the ChatService decide
 * and sends the replies. Receiving (webhook or polling) is set up by telegramWebhookRoute and startTelegram.
 */
export function createTelegramBot(options: CreateTelegramBotOptions): Bot {
  const bot = new Bot(options.token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    // In webhook mode the press's answer rides in the webhook's response (telegramWebhookRoute):
    // one Bot API request fewer per press. Long polling has no response to put it in: a request.
    client: { apiRoot: options.apiRoot.replace(/\/+$/, ""), canUseWebhookReply: (method) => method === "answerCallbackQuery" },
  });
  // Bounded because a person is waiting for the answer. Network errors are rethrown: auto-retry
  // would otherwise retry them forever (maxRetryAttempts does not count them), for up to an hour apart.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 3, maxDelaySeconds: 5, rethrowHttpErrors: true }));

  const deps: TelegramDeps = {
    chat: options.chat,
    accountId: options.accountId ?? "",
    logger: options.logger,
    apology: apology(options.translator, options.defaultLocale ?? "vi"),
    newRef: options.newRef ?? (() => randomBytes(4).toString("hex").toUpperCase()),
    ...(options.evidence ? { evidence: options.evidence } : {}),
  };

  // The pipeline, in order, all inside the error boundary: in webhook mode grammY does not call
  // bot.catch, and an escaping error would be a 500 that makes Telegram deliver the update again.
  const guarded = bot.errorBoundary(reportBotError(deps));
  guarded.use(claimUpdate(deps));
  guarded.use(sequentializeByChat());
  guarded.use(blockStatus(deps));
  guarded.use(conversation(deps));

  // Long polling only; the boundary leaves it nothing, but grammY's default would stop the bot.
  bot.catch((error) => deps.logger.error({ updateId: error.ctx.update.update_id, err: describeError(error.error) }, "telegram update failed outside the error boundary"));
  return bot;
}
