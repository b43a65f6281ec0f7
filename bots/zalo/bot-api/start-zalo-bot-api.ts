import type { Logger } from "pino";
import type { Message } from "../../../src/chat/types.ts";
import type { ChannelStatusRegistry } from "../../../src/services/channel-status.ts";
import type { ZaloChatConnection } from "../connect-zalo-chat.ts";
import { reportZaloStatus } from "../report-zalo-status.ts";
import type { ZaloStatus } from "../zalo-transport.ts";
import { checkWebhookUrl } from "./check-webhook-url.ts";
import type { ZaloBotApiTransport } from "./create-zalo-bot-api-transport.ts";
import { ZaloBotApiError } from "./zalo-bot-api-error.ts";
import { abortableSleep } from "./abortable-sleep.ts";

export interface StartZaloBotApiOptions {
  transport: ZaloBotApiTransport;
  registry: ChannelStatusRegistry;
  logger: Logger;
  /** Starts the transport and connects it to the chat (connectZaloChat); rejects when getMe or setWebhook fails. */
  connect(onStatus: (status: ZaloStatus) => void): Promise<ZaloChatConnection>;
  onStatus?: (status: ZaloStatus) => void;
  /** Waits between attempts, ending early when `signal` aborts (stop); tests inject one they release. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** base doubled per failed attempt up to max (default 5 s → 5 min); a 429 waits at least what Zalo asks. */
  backoff?: { baseMs: number; maxMs: number };
}

export interface ZaloBotApiRunning {
  transport: ZaloBotApiTransport;
  description: string;
  started: Promise<boolean>;
  stop(): Promise<void>;
}

/**
 * The official bot's start, kept trying: getMe and setWebhook (or deleteWebhook and polling) again
 * with backoff until they work, each failure reported to the channel-status registry (down since the
 * first, with the latest reason and what to check), so /healthz and the webhook's 503 say what is
 * true and coordinators are told once. A refused token or URL is alerted at once; a network blip
 * after a few attempts. A webhook URL Zalo would refuse (http, a local address) is not tried at all:
 * the channel is down until PUBLIC_URL is fixed, and the rest of the service runs.
 */
export function startZaloBotApi(o: StartZaloBotApiOptions): ZaloBotApiRunning {
  const { transport, registry, logger } = o;
  const description = `official bot, ${transport.mode}`;
  const report = reportZaloStatus(registry, transport);
  const onStatus = (status: ZaloStatus) => {
    report(status);
    o.onStatus?.(status);
  };
  const urlProblem = transport.mode === "webhook" ? checkWebhookUrl(transport.webhookUrl ?? "") : undefined;
  if (urlProblem) {
    registry.down("zalo", { reason: urlProblem, retrying: false, alert: { key: "zalo.config_alert", params: { reason: urlProblem } } });
    logger.error(`Zalo did not start (${description}): ${urlProblem}. The rest of the service runs.`);
    return { transport, description, started: Promise.resolve(false), stop: async () => undefined };
  }
  const sleep = o.sleep ?? abortableSleep;
  const backoff = o.backoff ?? { baseMs: 5_000, maxMs: 5 * 60_000 };
  const controller = new AbortController();
  let connection: ZaloChatConnection | undefined;
  registry.starting("zalo", description);

  const started = (async (): Promise<boolean> => {
    for (let attempt = 1; ; attempt++) {
      try {
        const connected = await o.connect(onStatus);
        connection = connected;
        if (controller.signal.aborted) return false;
        logger.info(`Zalo is on (${description}, account ${transport.accountId})${attempt > 1 ? ` after ${attempt} attempts` : ""}`);
        return true;
      } catch (err) {
        if (controller.signal.aborted) return false;
        const retryAfterMs = err instanceof ZaloBotApiError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : 0;
        const delayMs = Math.max(retryAfterMs, Math.min(backoff.maxMs, backoff.baseMs * 2 ** (attempt - 1)));
        const failure = startFailure(err, transport);
        const reason = `${failure.reason} (attempt ${attempt}; next in ${Math.round(delayMs / 1000)} s)`;
        registry.down("zalo", { reason, retrying: true, ...(failure.alert ? { alert: failure.alert, alertNow: true } : {}) });
        logger.error({ attempt, delayMs }, `Zalo did not start (${description}): ${failure.reason}; trying again`);
        await sleep(delayMs, controller.signal);
        if (controller.signal.aborted) return false;
      }
    }
  })();

  return {
    transport,
    description,
    started,
    async stop() {
      controller.abort();
      await started;
      await connection?.stop();
    },
  };
}

/** A failed start in words, with what to check; `alert` when retrying cannot help without a person. */
function startFailure(err: unknown, transport: ZaloBotApiTransport): { reason: string; alert?: Message } {
  if (!(err instanceof ZaloBotApiError)) return { reason: `${err instanceof Error ? err.message : String(err)}: check the network and ZALO_BOT_API_ROOT` };
  if (err.errorCode === 401) {
    const reason = `${err.message}: Zalo refused the bot token; check ZALO_BOT_TOKEN (after a token reset in Zalo Bot Manager, set the new token and restart)`;
    return { reason, alert: { key: "zalo.token_alert", params: { reason } } };
  }
  if (err.method === "setWebhook" && err.errorCode >= 400 && err.errorCode < 500 && err.errorCode !== 408 && err.errorCode !== 429) {
    const reason = `${err.message}: Zalo refused the webhook ${transport.webhookUrl ?? ""}; check PUBLIC_URL (https, reachable from the internet) and ZALO_WEBHOOK_SECRET`;
    return { reason, alert: { key: "zalo.config_alert", params: { reason } } };
  }
  return { reason: `${err.message}: check the network and ZALO_BOT_API_ROOT` };
}
