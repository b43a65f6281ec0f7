import pino, { type Logger } from "pino";
import { redactUrl } from "./redact-url.ts";

/**
 * Structured logs. Secrets and message bodies never reach them: the redact list covers the places
 * where tokens and texts live in our log objects, and the chat code logs ids and intents, not texts.
 * Access logs keep a request's method, path and status but no phone numbers: the URL goes through
 * redactUrl (query values and phone-like digit runs hidden). `destination` is for tests that read the stream.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  const options: pino.LoggerOptions = {
    level,
    serializers: { req: serializeRequest },
    redact: {
      paths: [
        "token",
        "*.token",
        "secret",
        "*.secret",
        "password",
        "*.password",
        "cookie",
        "*.cookie",
        "authorization",
        "req.headers.authorization",
        'req.headers["x-telegram-bot-api-secret-token"]',
        'req.headers["x-bot-api-secret-token"]',
        "text",
        "*.text",
      ],
      censor: "[redacted]",
    },
  };
  return destination ? pino(options, destination) : pino(options);
}

/** What an access log line keeps of a request (Fastify's request or Node's IncomingMessage). */
function serializeRequest(req: { method?: string; url?: string; ip?: string; socket?: { remoteAddress?: string } }): Record<string, unknown> {
  return {
    method: req.method,
    url: typeof req.url === "string" ? redactUrl(req.url) : undefined,
    remoteAddress: req.ip ?? req.socket?.remoteAddress,
  };
}
