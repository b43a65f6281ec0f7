import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import type { ChatService } from "../../src/chat/chat-service.ts";
import type { Inbound } from "../../src/chat/types.ts";
import type { Locale, Translator } from "../../src/i18n/translator.ts";
import { chooseHint } from "./choose-hint.ts";
import { renderTextReply } from "./render-text-reply.ts";
import { typeWordsHint } from "./type-words-hint.ts";
import { ZaloSendError } from "./zalo-send-error.ts";
import type { ZaloInbound, ZaloStatus, ZaloTransport } from "./zalo-transport.ts";

export interface ConnectZaloChatOptions {
  transport: ZaloTransport;
  chat: ChatService;
  translator: Translator;
  logger: Logger;
  /** The language of an apology when the chat gave no answer to take it from (DEFAULT_LOCALE). */
  defaultLocale: Locale;
  /** ZALO_GROUPS: answer in group chats too. Off: group messages are ignored. */
  allowGroups?: boolean;
  /** Called after a status is logged: main tells coordinators when the account was taken over ("kicked"). */
  onStatus?: (status: ZaloStatus) => void;
  /** Reference ids for failures; injected by tests. */
  newRef?: () => string;
}

export interface ZaloChatConnection {
  /** Stops the transport, then waits for the messages being answered. */
  stop(): Promise<void>;
}

/**
 * The Zalo glue both transports share: a message is claimed once per account (a redelivery does
 * nothing), handled one at a time per chat, answered through the core, and every reply sent as
 * plain text with its choices as a numbered list. Failures are logged with a reference id, never
 * with the message's text, and the person gets a short apology quoting that id.
 */
export async function connectZaloChat(options: ConnectZaloChatOptions): Promise<ZaloChatConnection> {
  const { transport, chat, translator, logger } = options;
  const newRef = options.newRef ?? (() => randomBytes(4).toString("hex").toUpperCase());
  const tails = new Map<string, Promise<void>>();

  const answer = async (m: ZaloInbound, accountId: string): Promise<void> => {
    const log = { messageId: m.messageId, isGroup: m.isGroup };
    let locale = options.defaultLocale;
    let inbound: Inbound | undefined;
    let committed = false;
    let unsent: string[] = [];
    try {
      await transport.sendTyping(m.chatId).catch((err: unknown) => logger.debug({ ...log, err: errorSummary(err) }, "zalo typing indicator not shown"));
      inbound = {
        channel: "zalo",
        accountId,
        chatId: m.chatId,
        senderId: m.senderId,
        // A group's conversation is the sender's own within it (the host keys it by group and sender).
        ...(m.isGroup ? { inGroup: true } : {}),
        ...(m.senderName ? { senderName: m.senderName } : {}),
        ...(m.text !== undefined ? { text: m.text } : {}),
        // The transport vouches for this phone (zca resolves it): the core may offer linking by it.
        ...(m.phone ? { phone: m.phone } : {}),
        ...(m.attachment ? { attachment: m.attachment } : {}),
        updateRef: `zalo:${accountId}:${m.messageId}`,
      };
      const outcome = await chat.handle(inbound);
      if (outcome.errorRef) logger.error({ ...log, ref: outcome.errorRef }, "zalo message: the chat turn failed (the person got the apology)");
      // The lines added here read in the replies' language (linking may just have set it).
      locale = outcome.locale;
      const hints = { hint: chooseHint(translator, locale), wordsHint: typeWordsHint(translator, locale) };
      // Waiting for a figure or a note, a typed "1" is that value: choices are then named as words.
      const texts = outcome.replies.flatMap((reply) => renderTextReply(reply, { maxTextLength: transport.maxTextLength, ...hints, typedNumbersAreValues: outcome.expectsText }));
      committed = !outcome.errorRef;
      unsent = texts;
      for (const text of texts) {
        await transport.sendText(m.chatId, text);
        unsent = unsent.slice(1);
      }
    } catch (err) {
      if (err instanceof ZaloSendError && err.kind === "blocked") {
        if (!m.isGroup) await chat.setBlocked("zalo", accountId, m.senderId, true);
        logger.info({ ...log, err: errorSummary(err) }, "zalo refused to deliver the answer: blocked, or no longer allowed to write");
        return;
      }
      if (committed && inbound && unsent.length > 0) {
        // The turn has committed (a figure may be saved): its answer is late, not wrong. The outbox sends the rest.
        try {
          await chat.queueReplies(inbound, unsent.map((text) => ({ text, choices: [] })));
          logger.warn({ ...log, unsent: unsent.length, err: errorSummary(err) }, "zalo reply not sent: queued in the outbox");
          return;
        } catch (queueErr) {
          logger.error({ ...log, err: errorSummary(queueErr) }, "zalo reply could not be queued");
        }
      }
      const ref = newRef();
      logger.error({ ...log, ref, err: errorSummary(err) }, "zalo message failed");
      try {
        await transport.sendText(m.chatId, translator.t(locale, { key: "error.internal", params: { ref } }));
      } catch (apologyErr) {
        logger.warn({ ...log, ref, err: errorSummary(apologyErr) }, "zalo apology could not be sent");
      }
    }
  };

  const onMessage = async (m: ZaloInbound): Promise<void> => {
    if (m.isGroup && !options.allowGroups) {
      logger.debug({ messageId: m.messageId }, "zalo group message ignored (ZALO_GROUPS=false)");
      return;
    }
    const accountId = transport.accountId;
    if (!await chat.claimUpdate("zalo", `${accountId}:${m.messageId}`)) {
      logger.debug({ messageId: m.messageId }, "zalo message seen before: skipped");
      return;
    }
    // One message at a time per chat: two quick answers must reach the conversation in order.
    const key = `${accountId}\u0000${m.chatId}`;
    const previous = tails.get(key) ?? Promise.resolve();
    const turn = previous.then(() => answer(m, accountId)).finally(() => chat.finishUpdate("zalo", `${accountId}:${m.messageId}`));
    tails.set(key, turn);
    try {
      await turn;
    } finally {
      if (tails.get(key) === turn) tails.delete(key);
    }
  };

  const onStatus = (status: ZaloStatus): void => {
    const { type, ...details } = status;
    if (type === "kicked" || type === "login_required") logger.error({ ...details, transport: transport.kind }, `zalo ${type}`);
    else if (type === "reconnecting") logger.warn({ ...details, transport: transport.kind }, "zalo reconnecting");
    else logger.info({ ...details, transport: transport.kind }, `zalo ${type}`);
    try {
      options.onStatus?.(status);
    } catch (err) {
      logger.error({ err: errorSummary(err) }, "zalo status callback failed");
    }
  };

  await transport.start({ onMessage, onStatus });
  return {
    async stop() {
      await transport.stop();
      await Promise.allSettled([...tails.values()]);
    },
  };
}

/** An error as logged: its kind and message, never the payload (which would hold the text). */
function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof ZaloSendError) return { type: err.name, kind: err.kind, message: err.message, ...err.details };
  if (err instanceof Error) return { type: err.name, message: err.message };
  return { type: typeof err };
}
