import { timingSafeEqual } from "node:crypto";
import type { FastifyPluginAsync } from "fastify";
import type { Logger } from "pino";
import { zaloWebhookPath } from "../../bots/zalo/bot-api/zalo-bot-api-mode.ts";
import type { ChannelStatus } from "../services/channel-status.ts";

export interface ZaloWebhookRouteOptions {
  /** ZALO_WEBHOOK_SECRET: Zalo echoes it in X-Bot-Api-Secret-Token. */
  secret: string;
  /** The Bot API transport's handleUpdate: resolves once the message was answered. */
  handleUpdate(body: unknown): Promise<"handled" | "ignored" | "invalid" | "not_started">;
  logger: Logger;
  /** How long Zalo's request waits for the answer before it gets its 200 anyway (the answer still goes out). */
  timeoutMilliseconds?: number;
  /** The Zalo channel's state (channel-status registry): a 503 says what is true, down since when and why. */
  status?: () => ChannelStatus | undefined;
}

const secretHeader = "x-bot-api-secret-token";

/**
 * POST /zalo/webhook. A request without the right secret is refused with 401 before its body is
 * read. Otherwise 200, as soon as the message was answered or after the timeout (the handling goes
 * on): a slow answer must not make Zalo deliver the message again. While the transport is not
 * started the answer is 503, so Zalo tries again later, and its body says what is true: starting,
 * or down since when and why (a failed start is retried: see start-zalo-bot-api). A body that is
 * not an update is logged and acknowledged: Zalo would only send it again.
 */
export const zaloWebhookRoute: FastifyPluginAsync<ZaloWebhookRouteOptions> = async (app, options) => {
  const { secret, logger } = options;
  const timeoutMs = options.timeoutMilliseconds ?? 3_000;

  app.post(
    zaloWebhookPath,
    {
      onRequest: async (req, reply) => {
        if (!secretMatches(req.headers[secretHeader], secret)) {
          await reply.code(401).send({ ok: false, error: "unauthorized", message: "Missing or wrong X-Bot-Api-Secret-Token." });
        }
      },
    },
    async (req, reply) => {
      const handling = options.handleUpdate(req.body).catch((err: unknown) => {
        logger.error({ err: err instanceof Error ? { type: err.name, message: err.message } : { type: typeof err } }, "zalo webhook update failed");
        return "handled" as const;
      });
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<"timeout">((resolve) => {
        timer = setTimeout(() => resolve("timeout"), timeoutMs);
      });
      const outcome = await Promise.race([handling, timedOut]);
      clearTimeout(timer);
      if (outcome === "not_started") return reply.code(503).send(notStartedBody(options.status?.()));
      if (outcome === "invalid") logger.warn("zalo webhook body is not an update: acknowledged and skipped");
      if (outcome === "timeout") logger.warn("zalo update still running after the webhook timeout: answered 200, the reply follows");
      return reply.code(200).send({ ok: true });
    },
  );
};

function notStartedBody(status: ChannelStatus | undefined): { ok: false; error: string; message: string; since?: string } {
  if (status?.state === "down") {
    const retry = status.retrying ? "retrying" : "waiting for a fix";
    return { ok: false, error: "zalo_down", message: `zalo down since ${status.since} (${retry}): ${status.reason}`, since: status.since };
  }
  return { ok: false, error: "starting", message: "The Zalo bot is starting; try again shortly." };
}

function secretMatches(header: string | string[] | undefined, secret: string): boolean {
  if (typeof header !== "string") return false;
  const given = Buffer.from(header);
  const expected = Buffer.from(secret);
  return given.length === expected.length && timingSafeEqual(given, expected);
}
