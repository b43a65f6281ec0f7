import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { UserFromGetMe } from "grammy/types";

export interface RecordedCall {
  method: string;
  token: string;
  payload: Record<string, unknown>;
  at: number;
}

export interface InjectedError {
  error_code: number;
  description: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/**
 * What a failWhen rule may do to one call: fail it, answer it normally after a delay (a slow or hung
 * Bot API), or close the connection without an answer (a network error).
 */
export type InjectedFault = InjectedError | { delayMs: number } | { dropConnection: true };

/**
 * Telegram's send limits, enforced when asked (enforceLimits): at most `perSecond` messages in any
 * second over the bot (a fractional rate keeps its average), one chat's messages at least
 * 1/perChatPerSecond seconds apart, at most `perGroupPerMinute` to one group (negative chat id) in
 * any minute.
 */
export interface FakeLimits {
  perSecond: number;
  perChatPerSecond: number;
  perGroupPerMinute?: number;
  /** retry_after in the 429: whole seconds rounded up like Telegram ("ceil", default), or the exact wait ("exact", fractional: fast tests). */
  retryAfter?: "ceil" | "exact";
}

/** A message the fake accepted (a message-sending method answered ok). */
export interface Delivery {
  method: string;
  chatId: string;
  at: number;
  messageId: number;
}

/** The methods that send or edit a message: the ones Telegram's limits count. */
const messageMethods = new Set(["sendMessage", "editMessageText", "sendPhoto", "sendDocument", "copyMessage", "forwardMessage", "sendMediaGroup"]);

/**
 * A fake Telegram Bot API on 127.0.0.1: grammY (`client.apiRoot`) really talks to it over HTTP.
 * It records every call, answers like Telegram, and can be told to fail the next calls of a method.
 */
export class FakeTelegram {
  readonly calls: RecordedCall[] = [];
  private server: Server | undefined;
  private nextMessageId = 1000;
  private failures: { method: string; error: InjectedError; remaining: number }[] = [];
  private files = new Map<string, { path: string; content: Buffer }>();
  /** Updates waiting for getUpdates (long polling), oldest first. */
  private pendingUpdates: { update_id: number }[] = [];
  /** Long-poll requests held open until an update arrives, the client gives up, or stop(). */
  private heldPolls = new Set<() => void>();
  private callWaiters: { method: string; count: number; resolve: () => void }[] = [];
  private faultRules: ((method: string, payload: Record<string, unknown>) => InjectedFault | undefined)[] = [];
  private limits: { rules: FakeLimits; now: () => number; accepted: Map<string, number[]> } | undefined;
  /** Accepted message sends and edits, in order, timed on the limits' clock (else Date.now()). */
  readonly deliveries: Delivery[] = [];
  /** Calls refused with 429 because a limit was exceeded (not counting failNext / failWhen). */
  readonly limitRefusals = { global: 0, perChat: 0, perGroup: 0 };
  readonly botInfo: UserFromGetMe = {
    id: 7000000001,
    is_bot: true,
    first_name: "Chỉ tiêu",
    username: "chitieu_test_bot",
    can_join_groups: true,
    can_read_all_group_messages: false,
    supports_inline_queries: false,
    can_connect_to_business: false,
    has_main_web_app: false,
    has_topics_enabled: false,
    allows_users_to_create_topics: false,
    can_manage_bots: false,
    supports_join_request_queries: false,
  };

  get apiRoot(): string {
    const address = this.server?.address();
    if (!address || typeof address === "string") throw new Error("FakeTelegram is not started: await start() first.");
    return `http://127.0.0.1:${address.port}`;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server?.listen(0, "127.0.0.1", resolve));
    return this;
  }

  async stop(): Promise<void> {
    for (const release of [...this.heldPolls]) release();
    const server = this.server;
    if (!server) return;
    await new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    });
  }

  /** Queues an update for long polling; a getUpdates call that is waiting answers at once. */
  pushUpdate(update: { update_id: number } & Record<string, unknown>): void {
    this.pendingUpdates.push(update);
    for (const release of [...this.heldPolls]) release();
  }

  /** Resolves once `method` has been called `count` times in all (event-driven, no polling). */
  waitForCalls(method: string, count = 1): Promise<RecordedCall[]> {
    return new Promise((resolve) => {
      const done = () => resolve(this.callsOf(method));
      if (this.callsOf(method).length >= count) done();
      else this.callWaiters.push({ method, count, resolve: done });
    });
  }

  /** The next `times` calls of `method` answer with this error (429 with retry_after, 403 blocked, 5xx). */
  failNext(method: string, error: InjectedError, times = 1): void {
    this.failures.push({ method, error, remaining: times });
  }

  /**
   * Asks `rule` about every call (after failNext): a fault it returns is applied to that call. For
   * faults spread over a run: "403 for these chats", "429 on every 40th call".
   */
  failWhen(rule: (method: string, payload: Record<string, unknown>) => InjectedFault | undefined): void {
    this.faultRules.push(rule);
  }

  /**
   * Off by default. When on, a message that would exceed a limit is refused with 429 and
   * parameters.retry_after, as Telegram does; refused calls do not count. Measured when the request
   * arrives, on `now` (milliseconds; default performance.now()).
   */
  enforceLimits(rules: FakeLimits, now: () => number = () => performance.now()): void {
    this.limits = { rules, now, accepted: new Map() };
  }

  /** Accepted sendMessage calls per chat id: what each recipient received. */
  messagesPerChat(): Map<string, number> {
    const out = new Map<string, number>();
    for (const d of this.deliveries) if (d.method === "sendMessage") out.set(d.chatId, (out.get(d.chatId) ?? 0) + 1);
    return out;
  }

  addFile(fileId: string, path: string, content: Buffer): void {
    this.files.set(fileId, { path, content });
  }

  callsOf(method: string): RecordedCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Texts the bot sent (sendMessage) and edited to (editMessageText), in order. */
  sentTexts(chatId?: number | string): string[] {
    return this.calls
      .filter((c) => (c.method === "sendMessage" || c.method === "editMessageText") && (chatId === undefined || String(c.payload.chat_id) === String(chatId)))
      .map((c) => String(c.payload.text));
  }

  reset(): void {
    this.calls.length = 0;
    this.failures = [];
    this.pendingUpdates = [];
    this.faultRules = [];
    this.deliveries.length = 0;
    this.limits?.accepted.clear();
    Object.assign(this.limitRefusals, { global: 0, perChat: 0, perGroup: 0 });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    const fileMatch = url.pathname.match(/^\/file\/bot([^/]+)\/(.+)$/);
    if (fileMatch) {
      const file = [...this.files.values()].find((f) => f.path === fileMatch[2]);
      res.writeHead(file ? 200 : 404).end(file?.content ?? "");
      return;
    }
    const match = url.pathname.match(/^\/bot([^/]+)\/([A-Za-z]+)$/);
    if (!match) {
      this.send(res, 404, { ok: false, error_code: 404, description: "Not Found" });
      return;
    }
    const [, token = "", method = ""] = match;
    const payload = await readPayload(req);
    this.calls.push({ method, token, payload, at: Date.now() });
    this.notifyWaiters();
    const failure = this.failures.find((f) => f.method === method && f.remaining > 0);
    if (failure) {
      failure.remaining -= 1;
      this.send(res, failure.error.error_code, { ok: false, ...failure.error });
      return;
    }
    for (const rule of this.faultRules) {
      const fault = rule(method, payload);
      if (!fault) continue;
      if ("dropConnection" in fault) {
        req.socket.destroy();
        return;
      }
      if ("delayMs" in fault) {
        await new Promise((resolve) => setTimeout(resolve, fault.delayMs).unref());
        break;
      }
      this.send(res, fault.error_code, { ok: false, ...fault });
      return;
    }
    if (method === "getUpdates") {
      await this.answerGetUpdates(res, payload);
      return;
    }
    const isMessage = messageMethods.has(method);
    const chatId = String(payload.chat_id ?? "");
    if (isMessage && this.limits) {
      const refusal = this.checkLimits(chatId);
      if (refusal) {
        this.send(res, 429, { ok: false, error_code: 429, description: `Too Many Requests: retry after ${refusal}`, parameters: { retry_after: refusal } });
        return;
      }
    }
    const result = this.answer(method, payload);
    if (isMessage) {
      const at = this.limits ? this.limits.now() : Date.now();
      const messageId = Number((result as { message_id?: unknown }).message_id ?? 0);
      this.deliveries.push({ method, chatId, at, messageId });
    }
    this.send(res, 200, { ok: true, result });
  }

  /** The retry_after (seconds) when one more message to chatId now would exceed a limit; else records it and answers undefined. */
  private checkLimits(chatId: string): number | undefined {
    const l = this.limits!;
    const now = l.now();
    const checks: { key: string; window: { limit: number; windowMs: number }; counter: keyof FakeTelegram["limitRefusals"] }[] = [
      { key: "*", window: perPeriod(l.rules.perSecond, 1000), counter: "global" },
      { key: `chat:${chatId}`, window: { limit: 1, windowMs: 1000 / l.rules.perChatPerSecond }, counter: "perChat" },
    ];
    if (chatId.startsWith("-") && l.rules.perGroupPerMinute) checks.push({ key: `group:${chatId}`, window: perPeriod(l.rules.perGroupPerMinute, 60_000), counter: "perGroup" });
    for (const c of checks) {
      const times = (l.accepted.get(c.key) ?? []).filter((t) => now - t < c.window.windowMs);
      l.accepted.set(c.key, times);
      if (times.length >= c.window.limit) {
        this.limitRefusals[c.counter] += 1;
        const waitMs = times[times.length - c.window.limit]! + c.window.windowMs - now;
        return l.rules.retryAfter === "exact" ? Math.max(0.001, waitMs / 1000) : Math.max(1, Math.ceil(waitMs / 1000));
      }
    }
    for (const c of checks) l.accepted.get(c.key)!.push(now);
    return undefined;
  }

  /**
   * Like Telegram: updates below `offset` are confirmed and forgotten; with nothing to deliver and a
   * `timeout`, the request is held until an update is pushed, the timeout passes, or the client aborts.
   */
  private async answerGetUpdates(res: ServerResponse, p: Record<string, unknown>): Promise<void> {
    const offset = Number(p.offset ?? 0);
    const limit = Number(p.limit ?? 100);
    const timeoutSeconds = Number(p.timeout ?? 0);
    this.pendingUpdates = this.pendingUpdates.filter((u) => u.update_id >= offset);
    if (this.pendingUpdates.length === 0 && timeoutSeconds > 0) {
      await new Promise<void>((resolve) => {
        const release = () => {
          this.heldPolls.delete(release);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(release, timeoutSeconds * 1000);
        timer.unref();
        this.heldPolls.add(release);
        // The response's "close" also fires when the client aborts (bot.stop()); the request's does not.
        res.once("close", release);
      });
    }
    if (res.destroyed || res.writableEnded) return;
    this.send(res, 200, { ok: true, result: this.pendingUpdates.slice(0, limit) });
  }

  private notifyWaiters(): void {
    this.callWaiters = this.callWaiters.filter((w) => {
      if (this.callsOf(w.method).length < w.count) return true;
      w.resolve();
      return false;
    });
  }

  private answer(method: string, p: Record<string, unknown>): unknown {
    const date = Math.floor(Date.now() / 1000);
    switch (method) {
      case "getMe":
        return this.botInfo;
      case "sendMessage":
      case "sendPhoto":
      case "sendDocument":
        return { message_id: this.nextMessageId++, date, chat: { id: Number(p.chat_id), type: "private" }, text: p.text, caption: p.caption };
      case "editMessageText":
        return { message_id: Number(p.message_id), date, chat: { id: Number(p.chat_id), type: "private" }, text: p.text };
      case "getFile": {
        const file = this.files.get(String(p.file_id));
        return { file_id: p.file_id, file_unique_id: `u-${String(p.file_id)}`, file_size: file?.content.length ?? 0, file_path: file?.path ?? `documents/${String(p.file_id)}` };
      }
      case "getWebhookInfo":
        return { url: "", has_custom_certificate: false, pending_update_count: 0 };
      default:
        // setWebhook, deleteWebhook, setMyCommands, answerCallbackQuery, sendChatAction, ...
        return true;
    }
  }

  private send(res: ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify(body));
  }
}

/** `rate` per period as "at most limit in any windowMs". */
function perPeriod(rate: number, periodMs: number): { limit: number; windowMs: number } {
  if (rate < 1) return { limit: 1, windowMs: periodMs / rate };
  const limit = Math.floor(rate);
  return { limit, windowMs: (periodMs * limit) / rate };
}

async function readPayload(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const raw = Buffer.concat(chunks);
  if (raw.length === 0) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("multipart/form-data")) return parseMultipart(raw, type);
  const body = raw.toString("utf8");
  if (type.includes("application/json")) return JSON.parse(body) as Record<string, unknown>;
  return Object.fromEntries(new URLSearchParams(body));
}

/** A file part of a multipart upload, as the fake received it: its bytes untouched. */
export interface UploadedFile {
  filename: string;
  contentType: string;
  bytes: Buffer;
}

/**
 * grammY sends multipart when a call carries a file: the field ("document", "photo") says
 * "attach://<id>" and the part named <id> holds the bytes. Parsed on the raw bytes, so a binary
 * file arrives as it was sent; the field then holds the UploadedFile.
 */
function parseMultipart(body: Buffer, type: string): Record<string, unknown> {
  const boundary = /boundary=(?:"([^"]+)"|([^;]+))/.exec(type);
  const mark = boundary?.[1] ?? boundary?.[2];
  if (!mark) return {};
  const delimiter = Buffer.from(`--${mark}`);
  const out: Record<string, unknown> = {};
  const files = new Map<string, UploadedFile>();
  let start = body.indexOf(delimiter);
  while (start !== -1) {
    const next = body.indexOf(delimiter, start + delimiter.length);
    if (next === -1) break;
    const part = body.subarray(start + delimiter.length + 2, next - 2);
    const headerEnd = part.indexOf("\r\n\r\n");
    if (headerEnd !== -1) {
      const headers = part.subarray(0, headerEnd).toString("utf8");
      const content = part.subarray(headerEnd + 4);
      const name = /name="([^"]+)"/.exec(headers)?.[1];
      // grammY writes `filename=name.xlsx` unquoted; browsers quote it.
      const filename = /filename=(?:"([^"]*)"|([^;\r\n]*))/.exec(headers)?.slice(1).find((f) => f !== undefined);
      if (name && filename !== undefined) files.set(name, { filename, contentType: /content-type:\s*([^\r\n]+)/i.exec(headers)?.[1] ?? "", bytes: Buffer.from(content) });
      else if (name) out[name] = content.toString("utf8");
    }
    start = next;
  }
  for (const [key, value] of Object.entries(out)) {
    const attached = typeof value === "string" ? /^attach:\/\/(.+)$/.exec(value) : null;
    if (attached && files.has(attached[1]!)) out[key] = files.get(attached[1]!);
  }
  for (const [name, file] of files) if (!(name in out)) out[name] = file;
  return out;
}
