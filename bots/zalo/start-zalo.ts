import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import type { ChatService } from "../../src/chat/chat-service.ts";
import type { Clock } from "../../src/clock.ts";
import type { Config } from "../../src/config.ts";
import type { Translator } from "../../src/i18n/translator.ts";
import type { ZaloBotApiTransport } from "./bot-api/create-zalo-bot-api-transport.ts";
import { connectZaloChat } from "./connect-zalo-chat.ts";
import type { ZaloStatus, ZaloTransport } from "./zalo-transport.ts";
import type { ZcaTransport } from "./zca/create-zca-transport.ts";
import { startZcaTransport } from "./zca/start-zca-transport.ts";

export interface StartZaloOptions {
  config: Config;
  db: Db;
  chat: ChatService;
  translator: Translator;
  logger: Logger;
  clock: Clock;
  /** ZALO_TRANSPORT=bot-api: the official bot's transport, made before the HTTP app (its webhook route needs it). */
  botApi?: ZaloBotApiTransport;
  /** After each status is logged: where main tells coordinators that the account was taken over. */
  onStatus?: (status: ZaloStatus) => void;
}

export interface ZaloRunning {
  transport: ZaloTransport;
  /** "official bot, webhook", "official bot, polling", "personal account (zca-js)". */
  description: string;
  stop(): Promise<void>;
}

/**
 * Connects the configured Zalo transport to the chat, after the HTTP server listens. Resolves
 * undefined when Zalo is off or did not start (logged, with what to do): the rest of the service
 * runs without it.
 */
export async function startZalo(o: StartZaloOptions): Promise<ZaloRunning | undefined> {
  const { config, logger } = o;
  if (config.ZALO_TRANSPORT === "off") {
    logger.info("Zalo is off: set ZALO_TRANSPORT=zca or bot-api");
    return undefined;
  }
  let transport: ZaloTransport;
  let description: string;
  if (config.ZALO_TRANSPORT === "bot-api") {
    if (!o.botApi) throw new Error("startZalo: ZALO_TRANSPORT=bot-api needs the Bot API transport (createZaloBotApiTransport) made before buildApp.");
    transport = o.botApi;
    description = `official bot, ${o.botApi.mode}`;
  } else {
    try {
      transport = await startZcaTransport({ config, db: o.db, logger, clock: o.clock, translator: o.translator });
    } catch (err) {
      logger.error({ err: errorSummary(err) }, "Zalo did not start: the personal account could not log in");
      return undefined;
    }
    description = "personal account (zca-js)";
  }
  try {
    const connection = await connectZaloChat({
      transport,
      chat: o.chat,
      translator: o.translator,
      logger,
      defaultLocale: config.DEFAULT_LOCALE,
      allowGroups: config.ZALO_GROUPS,
      ...(o.onStatus ? { onStatus: o.onStatus } : {}),
    });
    if (transport.kind === "zca" && (transport as ZcaTransport).state === "login_required") {
      logger.warn(`Zalo is waiting for a QR login (${description}): run npm run -s cli -- zalo login, or open /admin/zalo/login; the rest of the service runs`);
    } else logger.info(`Zalo is on (${description}, account ${transport.accountId})`);
    return { transport, description, stop: () => connection.stop() };
  } catch (err) {
    const check = transport.kind === "bot-api" ? "ZALO_BOT_TOKEN, ZALO_BOT_API_ROOT and the network" : "the account's login (ZALO_CREDENTIALS_FILE) and the network";
    logger.error({ err: errorSummary(err) }, `Zalo did not start (${description}): check ${check}; the rest of the service runs`);
    return undefined;
  }
}

function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { type: err.name, message: err.message };
  return { type: typeof err };
}
