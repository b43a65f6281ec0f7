import { ZaloSendError } from "../zalo-send-error.ts";

/**
 * Zalo's answer codes to a personal account's send, as zca-js throws them (ZaloApiError.code):
 * 221 "Vượt quá số request cho phép" and 123 "Không thể nhận tin nhắn từ bạn" come when an account
 * sends too much or too fast to people who did not write first; Zalo lifts them after a while
 * (reports say from a quarter of an hour to a day), so the sender should wait long, not retry soon.
 * 122 means the recipient does not accept messages from strangers.
 */
export const zcaRateLimitCodes: ReadonlySet<number> = new Set([123, 221]);
export const zcaBlockedCodes: ReadonlySet<number> = new Set([122]);

/** How long to wait after a rate-limit code before trying that recipient again. */
export const zcaRateLimitWaitSeconds = 30 * 60;

/**
 * Any error from a zca-js send as the shared ZaloSendError the glue and the outbox's sender
 * classify: rate_limited (123, 221), blocked (122), transient (no code: network, HTTP 5xx, not
 * connected), failed (any other code: the message as it is cannot go). The message keeps Zalo's
 * code and description, never the text that was sent.
 */
export function toZaloSendError(err: unknown): ZaloSendError {
  if (err instanceof ZaloSendError) return err;
  const code = codeOf(err);
  const description = err instanceof Error ? err.message : String(err);
  if (code !== undefined && zcaRateLimitCodes.has(code)) {
    return new ZaloSendError("rate_limited", `Zalo refused the send for now (code ${code}: ${description})`, { code, retryAfterSeconds: zcaRateLimitWaitSeconds });
  }
  if (code !== undefined && zcaBlockedCodes.has(code)) return new ZaloSendError("blocked", `Zalo will not deliver to this user (code ${code}: ${description})`, { code });
  if (code !== undefined) return new ZaloSendError("failed", `Zalo refused the message (code ${code}: ${description})`, { code });
  return new ZaloSendError("transient", `Zalo could not be reached (${description})`);
}

function codeOf(err: unknown): number | undefined {
  if (typeof err !== "object" || err === null || !("code" in err)) return undefined;
  const code = Number((err as { code: unknown }).code);
  return Number.isInteger(code) && code !== 0 ? code : undefined;
}
