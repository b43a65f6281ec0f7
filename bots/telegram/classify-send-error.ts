import { GrammyError, HttpError } from "grammy";
import type { SendResult } from "../../src/outbox/channel-sender.ts";
import { TelegramAdapterError } from "./telegram-adapter-error.ts";

/**
 * A failed Bot API call as the outbox needs it. 429: wait as told. 403 (blocked, kicked,
 * deactivated): the recipient is gone for us. 5xx, network errors and timeouts: try again later.
 * Other 4xx (chat not found, bad request): the message cannot be delivered as it is. Only codes and
 * Telegram's descriptions are kept, never the payload (it holds the text).
 */
export function classifySendError(err: unknown): Exclude<SendResult, { status: "sent" }> {
  if (err instanceof GrammyError) {
    const what = `${err.error_code}: ${err.description}`;
    if (err.error_code === 429) return { status: "retry_after", seconds: err.parameters.retry_after ?? 1 };
    if (err.error_code === 403) return { status: "blocked", error: what };
    // 401/404 mean a wrong token or API root: our configuration, which can be fixed while the message waits.
    if (err.error_code >= 500 || err.error_code === 401 || err.error_code === 404 || err.error_code === 409) return { status: "transient", error: what };
    if (err.parameters.migrate_to_chat_id !== undefined) return { status: "failed", error: `${what} (the group is now ${err.parameters.migrate_to_chat_id})` };
    return { status: "failed", error: what };
  }
  if (err instanceof HttpError) return { status: "transient", error: `network: ${err.message}${causeOf(err.error)}` };
  if (err instanceof TelegramAdapterError) return { status: "failed", error: err.message };
  return { status: "transient", error: err instanceof Error ? `${err.name}: ${err.message}` : String(err) };
}

/** grammY's HttpError message hides the cause (sensitiveLogs off); the timeout's own message names no secret. */
function causeOf(cause: unknown): string {
  if (!(cause instanceof Error)) return "";
  const code = (cause as { code?: unknown }).code;
  if (typeof code === "string") return ` (${code})`;
  return /timed out/.test(cause.message) ? " (timed out)" : "";
}
