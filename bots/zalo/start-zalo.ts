import type { Logger } from "pino";
import type { Db } from "../../db/client.ts";
import type { ChatService } from "../../src/chat/chat-service.ts";
import type { Clock } from "../../src/clock.ts";
import type { Config } from "../../src/config.ts";
import type { Translator } from "../../src/i18n/translator.ts";
import { createChannelStatus, type ChannelStatusRegistry } from "../../src/services/channel-status.ts";
import type { CoordinatorAlert } from "../../src/services/alert-coordinators.ts";
import type { ZaloBotApiTransport } from "./bot-api/create-zalo-bot-api-transport.ts";
import { startZaloBotApi } from "./bot-api/start-zalo-bot-api.ts";
import { connectZaloChat, type ZaloChatConnection } from "./connect-zalo-chat.ts";
import { reportZaloStatus } from "./report-zalo-status.ts";
import type { ZaloStatus, ZaloTransport } from "./zalo-transport.ts";
import type { ZcaTransport } from "./zca/create-zca-transport.ts";
import { startZcaTransport } from "./zca/start-zca-transport.ts";
import type { ZcaClientFactory } from "./zca/zca-client.ts";

export interface StartZaloOptions {
  config: Config;
  db: Db;
  chat: ChatService;
  translator: Translator;
  logger: Logger;
  clock: Clock;
  /** ZALO_TRANSPORT=bot-api: the official bot's transport, made before the HTTP app (its webhook route needs it). */
  botApi?: ZaloBotApiTransport;
  /** Where Zalo's state is kept for /healthz and the webhook route, and outages alerted; default: a registry of its own. */
  channelStatus?: ChannelStatusRegistry;
  /** After each status is logged and reported. */
  onStatus?: (status: ZaloStatus) => void;
  /**
   * Tests: the waits between start attempts of the official bot (ended early by stop), its backoff, and zca's fakes.
   * zca.alertCoordinators: where the kick alert goes (main.ts passes the service's one background queue, awaited at shutdown).
   */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  backoff?: { baseMs: number; maxMs: number };
  zca?: { zalo?: ZcaClientFactory; sleep?: (ms: number) => Promise<void>; alertCoordinators?: (alert: CoordinatorAlert) => void };
}

export interface ZaloRunning {
  transport: ZaloTransport;
  /** "official bot, webhook", "official bot, polling", "personal account (zca-js)". */
  description: string;
  /** Resolves true once the transport has started (after retries), false when it stopped trying (stop, a URL Zalo refuses). */
  started: Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * Connects the configured Zalo transport to the chat, after the HTTP server listens. Resolves at
 * once: the official bot's start (getMe, setWebhook) is retried in the background until it works,
 * and the zca-js transport reconnects by itself; either way Zalo's state goes to the channel-status
 * registry (/healthz), and an outage reaches the coordinators once. Resolves undefined when Zalo is
 * off or cannot be started at all (logged, with what to do): the rest of the service runs without it.
 */
export async function startZalo(o: StartZaloOptions): Promise<ZaloRunning | undefined> {
  const { config, logger } = o;
  const registry = o.channelStatus ?? createChannelStatus({ clock: o.clock, logger });
  if (config.ZALO_TRANSPORT === "off") {
    registry.off("zalo", "ZALO_TRANSPORT=off");
    logger.info("Zalo is off: set ZALO_TRANSPORT=zca or bot-api");
    return undefined;
  }
  if (config.ZALO_TRANSPORT === "bot-api") {
    if (!o.botApi) throw new Error("startZalo: ZALO_TRANSPORT=bot-api needs the Bot API transport (createZaloBotApiTransport) made before buildApp.");
    return startZaloBotApi({
      transport: o.botApi,
      registry,
      logger,
      connect: (onStatus) => connect(o, o.botApi!, onStatus),
      ...(o.onStatus ? { onStatus: o.onStatus } : {}),
      ...(o.sleep ? { sleep: o.sleep } : {}),
      ...(o.backoff ? { backoff: o.backoff } : {}),
    });
  }
  const description = "personal account (zca-js)";
  registry.starting("zalo", description);
  let transport: ZcaTransport;
  try {
    transport = await startZcaTransport({
      config,
      db: o.db,
      logger,
      clock: o.clock,
      translator: o.translator,
      ...(o.zca?.zalo ? { zalo: o.zca.zalo } : {}),
      ...(o.zca?.sleep ? { sleep: o.zca.sleep } : {}),
      ...(o.zca?.alertCoordinators ? { alertCoordinators: o.zca.alertCoordinators } : {}),
    });
  } catch (err) {
    const reason = `the personal account could not log in: ${errorMessage(err)}; check ZALO_CREDENTIALS_FILE and ZALO_CREDENTIALS_KEY`;
    registry.down("zalo", { reason, retrying: false, alert: { key: "zalo.login_alert", params: { reason: { key: "zalo.reason.start_failed" } } } });
    logger.error({ err: errorSummary(err) }, `Zalo did not start: ${reason}`);
    return undefined;
  }
  const report = reportZaloStatus(registry, transport);
  try {
    const connection = await connect(o, transport, (status) => {
      report(status);
      o.onStatus?.(status);
    });
    if (transport.state === "login_required") {
      logger.warn(`Zalo is waiting for a QR login (${description}): run npm run -s cli -- zalo login, or open /admin/zalo/login; the rest of the service runs`);
    } else logger.info(`Zalo is on (${description}, account ${transport.accountId})`);
    return { transport, description, started: Promise.resolve(true), stop: () => connection.stop() };
  } catch (err) {
    const reason = `${errorMessage(err)}; check the account's login (ZALO_CREDENTIALS_FILE) and the network`;
    registry.down("zalo", { reason, retrying: false });
    logger.error({ err: errorSummary(err) }, `Zalo did not start (${description}): ${reason}; the rest of the service runs`);
    return undefined;
  }
}

function connect(o: StartZaloOptions, transport: ZaloTransport, onStatus: (status: ZaloStatus) => void): Promise<ZaloChatConnection> {
  const { chat, translator, logger, config } = o;
  return connectZaloChat({ transport, chat, translator, logger, defaultLocale: config.DEFAULT_LOCALE, allowGroups: config.ZALO_GROUPS, onStatus });
}

function errorMessage(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof Error) return { type: err.name, message: err.message };
  return { type: typeof err };
}
