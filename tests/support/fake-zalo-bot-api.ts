import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";

export interface ZaloRecordedCall {
  method: string;
  token: string;
  payload: Record<string, unknown>;
}

/** An error answer as Zalo gives it: {ok: false, error_code, description}; retry_after is our guess at a hint Zalo may add. */
export interface ZaloInjectedError {
  error_code: number;
  description: string;
  retry_after?: number;
}

/** A message the fake accepted (sendMessage or sendPhoto answered ok), timed on `now`. */
export interface ZaloDelivery {
  method: string;
  chatId: string;
  text: string;
  at: number;
  messageId: string;
}

/** The methods that deliver a message: what the rate checks count. */
const messageMethods = new Set(["sendMessage", "sendPhoto", "sendSticker"]);

/**
 * A fake official Zalo Bot API on 127.0.0.1 port 0, shaped after the documentation: POST
 * /bot<TOKEN>/<method> with JSON, answers {ok: true, result} or {ok: false, error_code, description};
 * getUpdates returns one queued update per call and holds the request while there is none, ending
 * it with error 408 (the ordinary long-poll timeout). It records every call and fails on request.
 */
export class FakeZaloBotApi {
  readonly calls: ZaloRecordedCall[] = [];
  readonly deliveries: ZaloDelivery[] = [];
  readonly botInfo = { id: "1459232241454765289", account_name: "bot.ChiTieuTest", account_type: "BASIC", can_join_groups: false };
  private server: Server | undefined;
  private nextMessageId = 1;
  private pending: unknown[] = [];
  private heldPolls = new Set<(outcome: "update" | "timeout") => void>();
  private failures: { method: string; error: ZaloInjectedError; remaining: number }[] = [];
  private rules: ((method: string, payload: Record<string, unknown>) => ZaloInjectedError | undefined)[] = [];
  private waiters: { method: string; count: number; resolve: () => void }[] = [];

  /** `now` times the deliveries (a test's injected clock); default Date.now. */
  constructor(private readonly now: () => number = () => Date.now()) {}

  get apiRoot(): string {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("FakeZaloBotApi is not started: await start() first.");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const release of [...this.heldPolls]) release("timeout");
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Queues an update for getUpdates ({event_name, message}); a waiting poll answers at once. */
  pushUpdate(update: unknown): void {
    this.pending.push(update);
    for (const release of [...this.heldPolls]) release("update");
  }

  /** Ends every held getUpdates with error 408, as Zalo does when its timeout passes with nothing to deliver. */
  expireHeldPolls(): number {
    const held = [...this.heldPolls];
    for (const release of held) release("timeout");
    return held.length;
  }

  get heldPollCount(): number {
    return this.heldPolls.size;
  }

  /** The next `times` calls of `method` answer this error. */
  failNext(method: string, error: ZaloInjectedError, times = 1): void {
    this.failures.push({ method, error, remaining: times });
  }

  /** Asks `rule` about every call after failNext: an error it returns is the answer. */
  failWhen(rule: (method: string, payload: Record<string, unknown>) => ZaloInjectedError | undefined): void {
    this.rules.push(rule);
  }

  callsOf(method: string): ZaloRecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Resolves once `method` has been called `count` times in all (event-driven). */
  waitForCalls(method: string, count = 1): Promise<ZaloRecordedCall[]> {
    return new Promise((resolve) => {
      const done = () => resolve(this.callsOf(method));
      if (this.callsOf(method).length >= count) done();
      else this.waiters.push({ method, count, resolve: done });
    });
  }

  /** Texts delivered to one chat (or all), in order. */
  sentTexts(chatId?: string): string[] {
    return this.deliveries.filter((d) => d.method === "sendMessage" && (chatId === undefined || d.chatId === chatId)).map((d) => d.text);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const match = new URL(req.url ?? "/", "http://127.0.0.1").pathname.match(/^\/bot([^/]+)\/([A-Za-z]+)$/);
    if (req.method !== "POST" || !match) {
      this.send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, token = "", method = ""] = match;
    const payload = await readJson(req);
    this.calls.push({ method, token, payload });
    this.notify();
    const failure = this.failures.find((f) => f.method === method && f.remaining > 0);
    const error = failure ? (failure.remaining--, failure.error) : this.rules.map((r) => r(method, payload)).find((e) => e !== undefined);
    if (error) {
      this.send(res, error.error_code >= 400 && error.error_code < 600 ? error.error_code : 200, { ok: false, error_code: error.error_code, description: error.description, ...(error.retry_after !== undefined ? { parameters: { retry_after: error.retry_after } } : {}) });
      return;
    }
    if (method === "getUpdates") {
      await this.answerGetUpdates(res, Number(payload.timeout ?? 30));
      return;
    }
    if (messageMethods.has(method)) {
      const text = String(payload.text ?? payload.caption ?? "");
      if (method === "sendMessage" && (text.length < 1 || text.length > 2000)) {
        this.send(res, 400, { ok: false, error_code: 400, description: `text must be 1 to 2000 characters (got ${text.length})` });
        return;
      }
      const messageId = `m${this.nextMessageId++}`;
      this.deliveries.push({ method, chatId: String(payload.chat_id ?? ""), text, at: this.now(), messageId });
      this.send(res, 200, { ok: true, result: { message_id: messageId, date: Date.now() } });
      return;
    }
    this.send(res, 200, { ok: true, result: this.answer(method, payload) });
  }

  private answer(method: string, p: Record<string, unknown>): unknown {
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "setWebhook":
        return { url: p.url, updated_at: Date.now() };
      case "deleteWebhook":
        return { url: "", updated_at: Date.now() };
      case "getWebhookInfo":
        return { url: "", updated_at: Date.now() };
      default:
        // sendChatAction answers {ok: true} without a result.
        return undefined;
    }
  }

  /** One update per call; none queued: held until one is pushed, the poll expires (408), the client aborts, or `timeoutSeconds`. */
  private async answerGetUpdates(res: ServerResponse, timeoutSeconds: number): Promise<void> {
    if (this.pending.length === 0) {
      const outcome = await new Promise<"update" | "timeout">((resolve) => {
        const release = (o: "update" | "timeout") => {
          this.heldPolls.delete(release);
          clearTimeout(timer);
          resolve(o);
        };
        const timer = setTimeout(() => release("timeout"), timeoutSeconds * 1000);
        timer.unref();
        this.heldPolls.add(release);
        res.once("close", () => release("timeout"));
      });
      if (res.destroyed || res.writableEnded) return;
      if (outcome === "timeout" || this.pending.length === 0) {
        this.send(res, 408, { ok: false, error_code: 408, description: "Request timeout" });
        return;
      }
    }
    this.send(res, 200, { ok: true, result: this.pending.shift() });
  }

  private notify(): void {
    this.waiters = this.waiters.filter((w) => {
      if (this.callsOf(w.method).length < w.count) return true;
      w.resolve();
      return false;
    });
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    if (res.destroyed || res.writableEnded) return;
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
}

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  return body ? (JSON.parse(body) as Record<string, unknown>) : {};
}
