import type { Logger } from "pino";
import { z } from "zod";
import { ZaloSendError } from "../zalo-send-error.ts";
import type { ZaloHandlers, ZaloTransport } from "../zalo-transport.ts";
import { createZaloBotApiClient, type ZaloBotApiClient } from "./create-zalo-bot-api-client.ts";
import { toZaloInbound } from "./to-zalo-inbound.ts";
import { toZaloSendError } from "./to-zalo-send-error.ts";
import { ZaloBotApiError } from "./zalo-bot-api-error.ts";
import { parseZaloBotUpdates, type ZaloBotUpdate } from "./parse-zalo-bot-updates.ts";
import { abortableSleep } from "./abortable-sleep.ts";

export interface ZaloBotApiTransportOptions {
  token: string;
  /** ZALO_BOT_API_ROOT: https://bot-api.zaloplatforms.com or the tests' fake; no trailing slash. */
  apiRoot: string;
  /** webhook: Zalo posts to POST /zalo/webhook (the route calls handleUpdate); polling: getUpdates in a loop. */
  mode: "webhook" | "polling";
  /** Webhook mode: the public URL of POST /zalo/webhook and the secret Zalo echoes in X-Bot-Api-Secret-Token. */
  webhook?: { url: string; secret: string };
  logger: Logger;
  /** How long one getUpdates waits for a message, in seconds (Zalo's default: 30). */
  pollTimeoutSeconds?: number;
  /** Waits between failed polls, ending early when `signal` aborts; tests inject one that does not wait. */
  sleep?: (ms: number, signal: AbortSignal) => Promise<void>;
  /** Polling backoff after failures: base doubled per failure up to max (429: at least what Zalo asks). */
  backoff?: { baseMs: number; maxMs: number };
  /** Per request, except getUpdates (its poll timeout plus a margin). */
  requestTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ZaloBotApiTransport extends ZaloTransport {
  readonly kind: "bot-api";
  readonly mode: "webhook" | "polling";
  /** Webhook mode: the URL setWebhook gives Zalo (PUBLIC_URL + /zalo/webhook). */
  readonly webhookUrl?: string;
  /**
   * Webhook mode: one POSTed body. Resolves when its message was answered: "handled"; "ignored"
   * when it holds no message of a person; "invalid" when it is not an update; "not_started" before
   * start() (the route answers 503 so that Zalo tries again).
   */
  handleUpdate(body: unknown): Promise<"handled" | "ignored" | "invalid" | "not_started">;
}

/** Zalo's limit for sendMessage text and sendPhoto captions. */
export const zaloBotApiMaxTextLength = 2000;

const botInfoSchema = z.object({ id: z.union([z.string().min(1), z.number()]).transform(String), account_name: z.string().optional() }).loose();
const webhookSetSchema = z
  .object({ verification: z.object({ ok: z.boolean().optional(), outcome: z.string().optional(), hint: z.string().optional() }).loose().optional() })
  .loose()
  .nullish();
const sentSchema = z.object({ message_id: z.union([z.string(), z.number()]).transform(String).optional() }).loose().nullish();

/**
 * The official Zalo Bot API as a ZaloTransport. start(): getMe gives the account id (user ids are
 * per bot), then setWebhook (webhook) or deleteWebhook and a getUpdates loop (polling: one update
 * per call; error 408 is an empty poll, anything else backs off). stop() aborts the poll in flight
 * and ends the loop; a webhook stays set, so Zalo keeps messages for when the service is back.
 */
export function createZaloBotApiTransport(options: ZaloBotApiTransportOptions): ZaloBotApiTransport {
  const { logger, mode } = options;
  if (mode === "webhook" && !options.webhook) throw new Error("createZaloBotApiTransport: webhook mode needs webhook.url and webhook.secret (PUBLIC_URL and ZALO_WEBHOOK_SECRET).");
  const client: ZaloBotApiClient = createZaloBotApiClient({
    token: options.token,
    apiRoot: options.apiRoot,
    ...(options.requestTimeoutMs ? { timeoutMs: options.requestTimeoutMs } : {}),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  });
  const pollTimeoutSeconds = options.pollTimeoutSeconds ?? 30;
  const sleep = options.sleep ?? abortableSleep;
  const backoff = options.backoff ?? { baseMs: 1_000, maxMs: 60_000 };
  let accountId = "";
  let handlers: ZaloHandlers | undefined;
  let polling: { controller: AbortController; loop: Promise<void> } | undefined;

  const dispatch = async (update: ZaloBotUpdate): Promise<"handled" | "ignored"> => {
    const message = toZaloInbound(update);
    if (!message || !handlers) {
      logger.debug({ event: update.event_name }, "zalo update ignored");
      return "ignored";
    }
    await handlers.onMessage(message);
    return "handled";
  };

  const pollLoop = async (signal: AbortSignal): Promise<void> => {
    let failures = 0;
    while (!signal.aborted) {
      try {
        const result = await client.call("getUpdates", { timeout: String(pollTimeoutSeconds) }, { timeoutMs: (pollTimeoutSeconds + 15) * 1000, signal });
        if (failures > 0) handlers?.onStatus({ type: "connected", accountId });
        failures = 0;
        const updates = parseZaloBotUpdates(result);
        if (!updates) logger.warn("zalo getUpdates answered something that is not an update: skipped");
        for (const update of updates ?? []) {
          try {
            await dispatch(update);
          } catch (err) {
            logger.error({ err: errorSummary(err) }, "zalo update failed");
          }
        }
      } catch (err) {
        if (signal.aborted) break;
        if (err instanceof ZaloBotApiError && err.isPollTimeout) continue;
        failures += 1;
        const retryAfterMs = err instanceof ZaloBotApiError && err.retryAfterSeconds !== undefined ? err.retryAfterSeconds * 1000 : 0;
        const delayMs = Math.max(retryAfterMs, Math.min(backoff.maxMs, backoff.baseMs * 2 ** (failures - 1)));
        const reason = errorSummary(err).message as string;
        if (err instanceof ZaloBotApiError && err.errorCode === 401) handlers?.onStatus({ type: "login_required", reason: `${reason}: Zalo refused the bot token; check ZALO_BOT_TOKEN` });
        else handlers?.onStatus({ type: "reconnecting", attempt: failures, reason, delayMs });
        await sleep(delayMs, signal);
      }
    }
  };

  // A token reset in Zalo Bot Manager makes every call answer 401: said once (the channel is down,
  // coordinators hear of it), and once more when a call goes through again.
  let tokenRefused = false;
  const send = async (method: string, body: Record<string, unknown>): Promise<{ messageId?: string }> => {
    try {
      const sent = sentSchema.safeParse(await client.call(method, body));
      if (tokenRefused) {
        tokenRefused = false;
        handlers?.onStatus({ type: "connected", accountId });
      }
      const messageId = sent.success ? sent.data?.message_id : undefined;
      return messageId ? { messageId } : {};
    } catch (err) {
      if (err instanceof ZaloBotApiError && err.errorCode === 401 && !tokenRefused) {
        tokenRefused = true;
        const reason = `${err.message}: Zalo refused the bot token; check ZALO_BOT_TOKEN (after a token reset in Zalo Bot Manager, set the new token and restart)`;
        handlers?.onStatus({ type: "login_required", reason });
      }
      throw toZaloSendError(err);
    }
  };

  return {
    kind: "bot-api",
    mode,
    ...(options.webhook ? { webhookUrl: options.webhook.url } : {}),
    maxTextLength: zaloBotApiMaxTextLength,
    get accountId() {
      return accountId;
    },

    async start(h) {
      if (handlers) throw new Error("The Zalo Bot API transport is started already.");
      const me = botInfoSchema.parse(await client.call("getMe"));
      accountId = me.id;
      if (mode === "webhook") {
        // Ready before setWebhook: Zalo checks the URL with a request while it saves it.
        handlers = h;
        try {
          const set = webhookSetSchema.safeParse(await client.call("setWebhook", { url: options.webhook!.url, secret_token: options.webhook!.secret }));
          const check = set.success ? set.data?.verification : undefined;
          if (check && check.ok === false) logger.warn({ outcome: check.outcome, hint: check.hint }, "zalo webhook set, but Zalo could not reach it");
        } catch (err) {
          handlers = undefined;
          throw err;
        }
        logger.info({ bot: me.account_name, url: options.webhook!.url }, "zalo webhook set");
      } else {
        // getUpdates answers nothing while a webhook is set.
        await client.call("deleteWebhook");
        handlers = h;
        const controller = new AbortController();
        polling = { controller, loop: pollLoop(controller.signal) };
        logger.info({ bot: me.account_name }, "zalo long polling started");
      }
      h.onStatus({ type: "connected", accountId });
    },

    async stop() {
      const running = polling;
      polling = undefined;
      if (running) {
        running.controller.abort();
        await running.loop;
      }
      const h = handlers;
      handlers = undefined;
      h?.onStatus({ type: "stopped" });
    },

    async handleUpdate(body) {
      if (!handlers) return "not_started";
      const updates = parseZaloBotUpdates(body);
      if (!updates) return "invalid";
      let outcome: "handled" | "ignored" = "ignored";
      for (const update of updates) if ((await dispatch(update)) === "handled") outcome = "handled";
      return outcome;
    },

    async sendText(chatId, text) {
      if (text.length > zaloBotApiMaxTextLength) throw new ZaloSendError("failed", `A Zalo message holds at most ${zaloBotApiMaxTextLength} characters (got ${text.length}); split it first (renderTextReply).`);
      return send("sendMessage", { chat_id: chatId, text });
    },

    async sendImage(chatId, image) {
      if (!/^https?:\/\//i.test(image.path)) throw new ZaloSendError("failed", "The Zalo Bot API sends photos by URL only (sendPhoto.photo); publish the file and pass its https URL.");
      return send("sendPhoto", { chat_id: chatId, photo: image.path, ...(image.caption ? { caption: image.caption.slice(0, zaloBotApiMaxTextLength) } : {}) });
    },

    async sendTyping(chatId) {
      await send("sendChatAction", { chat_id: chatId, action: "typing" });
    },
  };
}

function errorSummary(err: unknown): Record<string, unknown> {
  if (err instanceof ZaloBotApiError) return { type: err.name, method: err.method, errorCode: err.errorCode, message: err.message };
  if (err instanceof Error) return { type: err.name, message: err.message };
  return { type: typeof err, message: String(err) };
}
