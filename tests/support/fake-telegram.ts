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
    if (method === "getUpdates") {
      await this.answerGetUpdates(res, payload);
      return;
    }
    this.send(res, 200, { ok: true, result: this.answer(method, payload) });
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

async function readPayload(req: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const body = Buffer.concat(chunks).toString("utf8");
  if (!body) return {};
  const type = req.headers["content-type"] ?? "";
  if (type.includes("application/json")) return JSON.parse(body) as Record<string, unknown>;
  if (type.includes("multipart/form-data")) return parseMultipart(body, type);
  return Object.fromEntries(new URLSearchParams(body));
}

/** grammY sends multipart when a call carries a file; the text fields are enough for assertions. */
function parseMultipart(body: string, type: string): Record<string, unknown> {
  const boundary = type.split("boundary=")[1];
  if (!boundary) return {};
  const out: Record<string, unknown> = {};
  for (const part of body.split(`--${boundary}`)) {
    const name = part.match(/name="([^"]+)"/)?.[1];
    if (!name) continue;
    const value = part.split("\r\n\r\n").slice(1).join("\r\n\r\n").replace(/\r\n$/, "");
    out[name] = value;
  }
  return out;
}
