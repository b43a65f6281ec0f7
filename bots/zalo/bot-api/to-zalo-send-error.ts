import { ZaloSendError } from "../zalo-send-error.ts";
import { ZaloBotApiError } from "./zalo-bot-api-error.ts";

/** When Zalo says "quota exceeded" without saying for how long. */
const defaultRetryAfterSeconds = 60;

/**
 * A failed Bot API send as the Zalo glue and the outbox read it. 429 (quota exceeded): wait and try
 * again. 403 whose description says the user blocked the bot or cannot be written to: blocked;
 * any other 403 (the documentation lists 403 as an internal error): try again later. 401 (the token
 * was refused): wait, as for a 429, while the token is fixed in the configuration. 404/408,
 * 5xx and network failures: try again later. Other 4xx: this message cannot be sent as it is.
 */
export function toZaloSendError(err: unknown): ZaloSendError {
  if (err instanceof ZaloSendError) return err;
  if (!(err instanceof ZaloBotApiError)) return new ZaloSendError("transient", err instanceof Error ? `${err.name}: ${err.message}` : String(err));
  const code = err.errorCode;
  const details = { code };
  if (code === 429) return new ZaloSendError("rate_limited", err.message, { ...details, retryAfterSeconds: err.retryAfterSeconds ?? defaultRetryAfterSeconds });
  // A refused token refuses every send until someone sets the new one: wait like a throttled account,
  // without spending the messages' attempts (the channel is reported down and coordinators told).
  if (code === 401) return new ZaloSendError("rate_limited", err.message, { ...details, retryAfterSeconds: defaultRetryAfterSeconds });
  if (code === 403 && blockedDescription.test(err.description)) return new ZaloSendError("blocked", err.message, details);
  if (code === 0 || code >= 500 || [403, 404, 408].includes(code)) return new ZaloSendError("transient", err.message, details);
  return new ZaloSendError("failed", err.message, details);
}

const blockedDescription = /block|chặn|not (a )?(friend|follower)|unfollow|bỏ quan tâm|not allowed to send|cannot send/i;
