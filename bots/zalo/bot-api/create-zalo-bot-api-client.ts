import { z } from "zod";
import { ZaloBotApiError } from "./zalo-bot-api-error.ts";

export interface ZaloBotApiClientOptions {
  token: string;
  /** https://bot-api.zaloplatforms.com (ZALO_BOT_API_ROOT) or the tests' fake; no trailing slash. */
  apiRoot: string;
  /** Per call, unless the call says otherwise (getUpdates waits longer). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface ZaloBotApiClient {
  /** POST {root}/bot<TOKEN>/<method> with a JSON body; resolves with `result`, rejects with ZaloBotApiError. */
  call(method: string, body?: Record<string, unknown>, o?: { timeoutMs?: number; signal?: AbortSignal }): Promise<unknown>;
}

/** Every answer: { ok: true, result } or { ok: false, error_code, description }. */
const answerSchema = z.object({
  ok: z.boolean(),
  result: z.unknown().optional(),
  error_code: z.coerce.number().int().optional(),
  description: z.string().optional(),
  parameters: z.object({ retry_after: z.coerce.number().optional() }).loose().optional(),
});

/**
 * The official Zalo Bot API over fetch, nothing more: methods and their shapes live with the
 * transport. The token is in the URL, so no URL and no request body ever reach an error message.
 */
export function createZaloBotApiClient(options: ZaloBotApiClientOptions): ZaloBotApiClient {
  const root = options.apiRoot.replace(/\/+$/, "");
  const doFetch = options.fetch ?? fetch;
  const defaultTimeoutMs = options.timeoutMs ?? 20_000;
  return {
    async call(method, body = {}, o = {}) {
      const timeout = AbortSignal.timeout(o.timeoutMs ?? defaultTimeoutMs);
      const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
      let res: Response;
      let json: unknown;
      try {
        res = await doFetch(`${root}/bot${options.token}/${method}`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body), signal });
        json = await res.json();
      } catch (err) {
        if (o.signal?.aborted) throw new ZaloBotApiError(method, 0, "aborted");
        if (timeout.aborted) throw new ZaloBotApiError(method, 0, "timed out");
        const cause = (err as { cause?: { code?: unknown } }).cause?.code;
        throw new ZaloBotApiError(method, 0, `network: ${err instanceof Error ? err.name : typeof err}${typeof cause === "string" ? ` (${cause})` : ""}`);
      }
      const answer = answerSchema.safeParse(json);
      if (!answer.success) throw new ZaloBotApiError(method, res.status >= 400 ? res.status : 0, `unexpected answer (HTTP ${res.status})`);
      if (!answer.data.ok) {
        const code = answer.data.error_code ?? (res.status >= 400 ? res.status : 0);
        throw new ZaloBotApiError(method, code, answer.data.description ?? `HTTP ${res.status}`, answer.data.parameters?.retry_after);
      }
      return answer.data.result;
    },
  };
}
