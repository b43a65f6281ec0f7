/**
 * A Zalo Bot API call that did not answer `ok: true`: Zalo's error_code and description (codes seen
 * in the documentation: 400 bad request, 401 token refused, 403, 404, 408 long-poll timeout, 429
 * quota exceeded), or code 0 for a network failure, a timeout or an answer that is not the API's
 * JSON. Never the request's body: it holds the text being sent.
 */
export class ZaloBotApiError extends Error {
  override name = "ZaloBotApiError";

  constructor(
    readonly method: string,
    readonly errorCode: number,
    readonly description: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(`Zalo Bot API ${method} failed: ${errorCode ? `${errorCode} ` : ""}${description}`);
  }

  /** getUpdates found nothing before its timeout: the ordinary end of a long poll. */
  get isPollTimeout(): boolean {
    return this.errorCode === 408 && this.method === "getUpdates";
  }
}
