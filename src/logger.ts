import pino, { type Logger } from "pino";

/**
 * Structured logs. Secrets and message bodies never reach them: the redact list covers the places
 * where tokens and texts live in our log objects, and the chat code logs ids and intents, not texts.
 */
export function createLogger(level: string): Logger {
  return pino({
    level,
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
  });
}
