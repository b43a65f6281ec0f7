/**
 * What a Zalo transport throws when a send fails, whichever transport it is, so the glue and the
 * outbox's Zalo sender decide without knowing the transport:
 * rate_limited = Zalo asked us to slow down (Bot API 429; zca-js codes such as 221): wait, then try again;
 * blocked = the recipient will not receive anything from this account (blocked it, not a friend any more);
 * transient = network, timeout, 5xx, a token Zalo refused for now: try again later;
 * failed = this message cannot be delivered as it is (bad request, a photo the transport cannot send).
 * The message names codes and Zalo's descriptions, never the text that was sent.
 */
export class ZaloSendError extends Error {
  override name = "ZaloSendError";

  constructor(
    readonly kind: "rate_limited" | "blocked" | "transient" | "failed",
    message: string,
    readonly details: { code?: number | string; retryAfterSeconds?: number } = {},
  ) {
    super(message);
  }
}
