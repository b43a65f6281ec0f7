import { readFile } from "node:fs/promises";
import { basename } from "node:path";
import type { Logger } from "pino";
import { FriendEventType, ThreadType, ZaloApiError, type FriendEvent, type Message } from "zca-js";
import type { Message as ChatMessage } from "../../../src/chat/types.ts";
import { phoneNumber } from "../../../src/domain/phone-number.ts";
import { ZaloSendError } from "../zalo-send-error.ts";
import type { ZaloHandlers, ZaloStatus, ZaloTransport } from "../zalo-transport.ts";
import { CredentialsError, type CredentialsStore, type ZaloCredentials } from "./credentials-store.ts";
import { toZaloInbound } from "./to-zalo-inbound.ts";
import { toZaloSendError } from "./to-zalo-send-error.ts";
import { createZcaClient, type ZcaApi, type ZcaClientFactory } from "./zca-client.ts";
import { splitText } from "../../split-text.ts";

export interface ZcaTransportOptions {
  credentialsStore: CredentialsStore;
  logger: Logger;
  /** ZALO_GROUPS: answer group chats too (default: only 1:1 chats). */
  allowGroups: boolean;
  /** The zca-js client; the tests pass a fake that never reaches Zalo. */
  zalo?: ZcaClientFactory;
  /** Waits between reconnection attempts; tests resolve it at once and record the delays. */
  sleep?: (ms: number) => Promise<void>;
  now?: () => Date;
  backoff?: Partial<ReconnectBackoff>;
  /**
   * True when this user wrote to the account before (a chat_accounts row for channel zalo):
   * with the friend list, who may get reminders and broadcasts.
   */
  hasWrittenFirst?: (accountId: string, userId: string) => Promise<boolean>;
  /** True for the phone number (normalised, "0912…") of a registered person: their friend requests are accepted. */
  isRegisteredPhone?: (phone: string) => Promise<boolean>;
  /** Ask Zalo for a 1:1 sender's phone (once per user and run) so the core can offer linking by phone. Default true. */
  resolvePhones?: boolean;
  /** Save the cookie Zalo refreshed this often while connected (default 30 minutes; 0: only at login and stop). */
  saveCookieEveryMs?: number;
  /** Sees every status after the handlers do (start-zca-transport alerts the coordinators on "kicked"). */
  observe?: (status: ZaloStatus) => void;
}

export interface ReconnectBackoff {
  /** The first wait after an abnormal close; doubled after each failed attempt. */
  baseMs: number;
  maxMs: number;
  /** A connection that lasted this long counts as a success: the next close starts from baseMs again. */
  stableAfterMs: number;
  /** Zalo refusing the saved credentials this many times in a row means a new QR login is needed. */
  maxRefusals: number;
}

export type ZcaTransportState = "idle" | "connecting" | "running" | "reconnecting" | "suspended" | "kicked" | "login_required" | "stopped";

export interface ZcaTransport extends ZaloTransport {
  readonly kind: "zca";
  readonly state: ZcaTransportState;
  /**
   * Whether a message that is not a reply (reminder, broadcast) may go to this user or group:
   * Zalo locks personal accounts that write to strangers, so only friends of the account and
   * people who wrote to it first.
   */
  canMessage(chatId: string): Promise<boolean>;
  /** Closes the listener without alerting anyone, before a QR login on this machine takes the session. */
  suspend(): Promise<void>;
  /** Logs in again from the saved credentials after a suspend, a kick or a refused login. */
  resume(): Promise<void>;
  /** Resolves once every message received so far has been handed to the handlers and answered. */
  idle(): Promise<void>;
}

const defaultBackoff: ReconnectBackoff = { baseMs: 5_000, maxMs: 5 * 60_000, stableAfterMs: 2 * 60_000, maxRefusals: 3 };
/** How long a send waits while the account is not connected, before the outbox tries it again. */
const notConnectedWaitSeconds = 60;
/** Zalo refuses texts over 2,000 characters. */
const zaloMaxTextLength = 2000;
/** Zalo's close codes for "this session was taken": another listener (3000) or a new login on Zalo Web/PC (3003). */
const sessionTakenCodes = new Set([3000, 3003]);

/**
 * The zca-js transport: a personal or department Zalo account, logged in from saved credentials.
 * zca-js's own retryOnClose does not retry an abnormal close (1006), so this keeps its own loop:
 * an abnormal close logs in again with exponential backoff (reset once a connection holds); a
 * duplicate session or a kick (3000/3003: someone opened Zalo Web/PC on the account) stops for good
 * and says so once, never fighting for the session. Own messages are ignored, groups unless allowed.
 */
export function createZcaTransport(options: ZcaTransportOptions): ZcaTransport {
  const store = options.credentialsStore;
  const zalo = options.zalo ?? createZcaClient;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref()));
  const now = options.now ?? (() => new Date());
  const backoff: ReconnectBackoff = { ...defaultBackoff, ...options.backoff };
  const saveEveryMs = options.saveCookieEveryMs ?? 30 * 60_000;
  const log = options.logger.child({ transport: "zca" });

  let handlers: ZaloHandlers | undefined;
  let api: ZcaApi | undefined;
  let ownId = "";
  let state: ZcaTransportState = "idle";
  let failures = 0;
  let refusals = 0;
  let connectedAt: Date | undefined;
  let saveTimer: NodeJS.Timeout | undefined;
  let kickReported = false;
  let reconnecting = false;
  const friends = new Set<string>();
  const wroteFirst = new Set<string>();
  const groups = new Set<string>();
  const phones = new Map<string, Promise<string | undefined>>();

  const pending = new Set<Promise<void>>();

  const status = (s: ZaloStatus): void => {
    handlers?.onStatus(s);
    try {
      options.observe?.(s);
    } catch (err) {
      log.error({ err: describe(err), status: s.type }, "a Zalo status observer failed");
    }
  };

  function loginRequired(reason: string, said: ChatMessage | undefined, firstLogin = false): void {
    state = "login_required";
    log.error({ reason }, "Zalo needs a new QR login (npm run -s cli -- zalo login, or /admin/zalo/login)");
    status({ type: "login_required", reason, ...(said ? { said } : {}), ...(firstLogin ? { firstLogin } : {}) });
  }

  /** One login from the saved credentials and a started listener; throws what the login threw. */
  async function connect(): Promise<"running" | "login_required" | "abandoned"> {
    let credentials: ZaloCredentials | null;
    try {
      credentials = await store.load();
    } catch (err) {
      if (err instanceof CredentialsError) {
        loginRequired(err.message, { key: `zalo.reason.credentials_${err.reason}` });
        return "login_required";
      }
      throw err;
    }
    if (!credentials) {
      loginRequired(`no saved Zalo credentials in ${store.file}`, undefined, true);
      return "login_required";
    }
    const next = await zalo().login({ imei: credentials.imei, cookie: credentials.cookie as never, userAgent: credentials.userAgent });
    if (state === "stopped" || state === "suspended") return "abandoned";
    api = next;
    ownId = next.getOwnId();
    refusals = 0;
    await saveCredentials(credentials);
    await loadFriends(next);
    listen(next);
    state = "running";
    if (saveEveryMs > 0) {
      saveTimer = setInterval(() => void saveCredentials(), saveEveryMs);
      saveTimer.unref();
    }
    log.info({ accountId: ownId, friends: friends.size }, "logged in to Zalo; listening");
    return "running";
  }

  /** Re-saves the cookie as Zalo last refreshed it, with the same imei and user agent. */
  async function saveCredentials(previous?: ZaloCredentials): Promise<void> {
    const current = api;
    if (!current) return;
    try {
      const base = previous ?? (await store.load());
      const cookies = current.getCookie().toJSON()?.cookies;
      const context = current.getContext();
      await store.save({
        imei: context.imei || base?.imei || "",
        userAgent: context.userAgent || base?.userAgent || "",
        cookie: (cookies && cookies.length > 0 ? cookies : (base?.cookie ?? [])) as Record<string, unknown>[],
        ownId,
        ...(base?.displayName ? { displayName: base.displayName } : {}),
      });
    } catch (err) {
      log.warn({ err: describe(err) }, "could not save the refreshed Zalo cookie");
    }
  }

  async function loadFriends(current: ZcaApi): Promise<void> {
    try {
      for (const friend of await current.getAllFriends()) friends.add(String(friend.userId));
    } catch (err) {
      log.warn({ err: describe(err) }, "could not read the account's friend list");
    }
  }

  function listen(current: ZcaApi): void {
    const listener = current.listener;
    const isCurrent = () => api === current;
    listener.on("connected", () => {
      if (!isCurrent()) return;
      connectedAt = now();
      log.info({ accountId: ownId }, "Zalo listener connected");
      status({ type: "connected", accountId: ownId });
    });
    listener.on("closed", (code, reason) => {
      if (isCurrent()) onClosed(code, reason);
    });
    listener.on("error", (err) => {
      if (isCurrent()) log.warn({ err: describe(err) }, "Zalo listener error");
    });
    listener.on("message", (message) => {
      if (!isCurrent()) return;
      const handled = onMessage(message);
      pending.add(handled);
      void handled.finally(() => pending.delete(handled));
    });
    listener.on("friend_event", (event) => {
      if (isCurrent()) void onFriendEvent(current, event);
    });
    // Our own loop reconnects: zca-js's retryOnClose leaves an abnormal close (1006) alone.
    listener.start({ retryOnClose: false });
  }

  function detach(): void {
    const current = api;
    api = undefined;
    if (saveTimer) clearInterval(saveTimer);
    saveTimer = undefined;
    if (!current) return;
    current.listener.removeAllListeners();
    // An EventEmitter throws an "error" nobody listens to: a closing socket may still report one.
    current.listener.on("error", () => undefined);
    try {
      current.listener.stop();
    } catch (err) {
      log.debug({ err: describe(err) }, "stopping the Zalo listener");
    }
  }

  function onClosed(code: number, reason: string): void {
    const lasted = connectedAt ? now().getTime() - connectedAt.getTime() : 0;
    connectedAt = undefined;
    detach();
    if (state === "stopped" || state === "suspended") return;
    if (sessionTakenCodes.has(code)) {
      state = "kicked";
      if (kickReported) return;
      kickReported = true;
      log.error({ code, accountId: ownId }, "Zalo closed this session because the account was opened elsewhere (Zalo Web/PC); the Zalo bot stops and will not take the session back");
      status({ type: "kicked", code, reason: reason || (code === 3000 ? "duplicate connection" : "kicked by a new login") });
      return;
    }
    if (lasted >= backoff.stableAfterMs) failures = 0;
    void reconnect(`closed ${code}${reason ? ` ${reason}` : ""}`);
  }

  async function reconnect(firstReason: string): Promise<void> {
    if (reconnecting) return;
    reconnecting = true;
    state = "reconnecting";
    let reason = firstReason;
    try {
      for (;;) {
        failures += 1;
        const delayMs = Math.min(backoff.baseMs * 2 ** (failures - 1), backoff.maxMs);
        log.warn({ attempt: failures, delayMs, reason }, "Zalo connection lost; logging in again");
        status({ type: "reconnecting", attempt: failures, reason, delayMs });
        await sleep(delayMs);
        if (state !== "reconnecting") return;
        try {
          await connect();
          return;
        } catch (err) {
          reason = describe(err);
          if (!isLoginRefused(err)) refusals = 0;
          else if (++refusals >= backoff.maxRefusals) {
            loginRequired(`Zalo refused the saved credentials ${refusals} times in a row: ${reason}`, { key: "zalo.reason.credentials_refused", params: { times: refusals } });
            return;
          }
        }
      }
    } finally {
      reconnecting = false;
    }
  }

  async function onMessage(message: Message): Promise<void> {
    const inbound = toZaloInbound(message, { allowGroups: options.allowGroups });
    if (!inbound) return;
    if (inbound.isGroup) groups.add(inbound.chatId);
    else wroteFirst.add(inbound.senderId);
    try {
      const phone = !inbound.isGroup && options.resolvePhones !== false ? await phoneOf(inbound.senderId) : undefined;
      await handlers?.onMessage(phone ? { ...inbound, phone } : inbound);
    } catch (err) {
      log.error({ err: describe(err), chatId: inbound.chatId, messageId: inbound.messageId }, "a Zalo message could not be handled");
    }
  }

  /** The user's phone as Zalo shows it to this account (normalised), once per user and run; undefined when hidden. */
  function phoneOf(userId: string): Promise<string | undefined> {
    let known = phones.get(userId);
    if (!known) {
      const current = api;
      known = current
        ? current.getUserInfo(userId).then(
            (info) => {
              const profiles = info.changed_profiles ?? {};
              const profile = profiles[userId] ?? profiles[`${userId}_0`] ?? Object.values(profiles).find((p) => String(p.userId) === userId);
              return profile?.phoneNumber ? phoneNumber(String(profile.phoneNumber)) : undefined;
            },
            (err: unknown) => {
              log.debug({ err: describe(err), userId }, "Zalo did not tell this user's phone");
              return undefined;
            },
          )
        : Promise.resolve(undefined);
      phones.set(userId, known);
    }
    return known;
  }

  async function onFriendEvent(current: ZcaApi, event: FriendEvent): Promise<void> {
    switch (event.type) {
      case FriendEventType.ADD:
        friends.add(String(event.data));
        return;
      case FriendEventType.REMOVE:
        friends.delete(String(event.data));
        return;
      case FriendEventType.REQUEST: {
        if (event.isSelf) return;
        const userId = String(event.data.fromUid);
        const phone = await phoneOf(userId);
        if (!phone || !(await options.isRegisteredPhone?.(phone))) {
          log.info({ userId, phoneVisible: phone !== undefined }, "a friend request left for a person to decide: not from a registered phone");
          return;
        }
        try {
          await current.acceptFriendRequest(userId);
          friends.add(userId);
          log.info({ userId }, "accepted a friend request from a registered person");
        } catch (err) {
          log.warn({ err: describe(err), userId }, "could not accept a friend request");
        }
        return;
      }
      default:
        return;
    }
  }

  /**
   * The API to send with, refusing what Zalo would punish: while the account is not connected a
   * send waits like a throttled one (the outbox keeps the row without spending an attempt, however
   * long a new QR login takes); a chat that is neither a friend nor wrote first is never written to.
   */
  async function sendingApi(chatId: string): Promise<ZcaApi> {
    if (!api || state !== "running") {
      throw new ZaloSendError("rate_limited", `the Zalo account is not connected (${state}): waiting`, { retryAfterSeconds: notConnectedWaitSeconds });
    }
    if (!(await transport.canMessage(chatId))) throw new ZaloSendError("failed", "not sent: this Zalo user is not a friend of the account and never wrote to it (Zalo locks accounts that write to strangers)");
    return api;
  }

  const threadType = (chatId: string) => (groups.has(chatId) ? ThreadType.Group : ThreadType.User);

  const transport: ZcaTransport = {
    kind: "zca",
    maxTextLength: zaloMaxTextLength,
    get accountId() {
      return ownId;
    },
    get state() {
      return state;
    },

    async start(h) {
      handlers = h;
      const saved = await store.load().catch(() => null);
      if (saved?.ownId) ownId = saved.ownId;
      state = "connecting";
      try {
        await connect();
      } catch (err) {
        log.warn({ err: describe(err) }, "the first Zalo login failed");
        if (isLoginRefused(err)) refusals += 1;
        void reconnect(describe(err));
      }
    },

    async stop() {
      const wasRunning = api !== undefined;
      if (wasRunning) await saveCredentials();
      state = "stopped";
      detach();
      status({ type: "stopped" });
    },

    async suspend() {
      if (api) await saveCredentials();
      state = "suspended";
      detach();
      log.info("Zalo listener suspended for a new login");
      status({ type: "suspended" });
    },

    async resume() {
      if (state === "running" || state === "connecting" || state === "reconnecting") return;
      kickReported = false;
      failures = 0;
      refusals = 0;
      state = "connecting";
      try {
        await connect();
      } catch (err) {
        if (isLoginRefused(err)) refusals += 1;
        void reconnect(describe(err));
      }
    },

    async idle() {
      while (pending.size > 0) await Promise.allSettled([...pending]);
    },

    async canMessage(chatId) {
      return friends.has(chatId) || wroteFirst.has(chatId) || groups.has(chatId) || ((await options.hasWrittenFirst?.(ownId, chatId)) ?? false);
    },

    async sendText(chatId, text) {
      const current = await sendingApi(chatId);
      const parts = splitText(text, zaloMaxTextLength);
      let messageId: string | undefined;
      for (const part of parts) {
        let sent: Awaited<ReturnType<ZcaApi["sendMessage"]>>;
        try {
          sent = await current.sendMessage({ msg: part }, chatId, threadType(chatId));
        } catch (err) {
          throw toZaloSendError(err);
        }
        // Zalo sometimes answers a throttled send with no message instead of an error.
        if (!sent.message) throw new ZaloSendError("rate_limited", "Zalo accepted the request but returned no message: treated as throttling");
        messageId = String(sent.message.msgId);
      }
      return messageId !== undefined ? { messageId } : {};
    },

    async sendImage(chatId, image) {
      const current = await sendingApi(chatId);
      const data = await readFile(image.path);
      const filename = basename(image.path);
      if (!/\.[A-Za-z0-9]+$/.test(filename)) throw new ZaloSendError("failed", "an image to send needs a file name with its extension (.png, .jpg)");
      try {
        const sent = await current.sendMessage(
          { msg: image.caption ?? "", attachments: [{ data, filename: filename as `${string}.${string}`, metadata: { totalSize: data.length, ...pngSize(data) } }] },
          chatId,
          threadType(chatId),
        );
        const id = sent.attachment[0]?.msgId ?? sent.message?.msgId;
        return id !== undefined ? { messageId: String(id) } : {};
      } catch (err) {
        throw toZaloSendError(err);
      }
    },

    async sendFile(chatId, file) {
      const current = await sendingApi(chatId);
      const data = await readFile(file.path);
      const filename = basename(file.path);
      if (!/\.[A-Za-z0-9]+$/.test(filename)) throw new ZaloSendError("failed", "a file to send needs a file name with its extension (.xlsx)");
      try {
        // zca-js uploads a file that is not an image or a video as "others" (a file message), the caption as its own text.
        const sent = await current.sendMessage({ msg: file.caption ?? "", attachments: [{ data, filename: filename as `${string}.${string}`, metadata: { totalSize: data.length } }] }, chatId, threadType(chatId));
        const id = sent.attachment[0]?.msgId ?? sent.message?.msgId;
        return id !== undefined ? { messageId: String(id) } : {};
      } catch (err) {
        throw toZaloSendError(err);
      }
    },

    async sendTyping(chatId) {
      try {
        await api?.sendTypingEvent(chatId, threadType(chatId));
      } catch (err) {
        log.debug({ err: describe(err) }, "typing event not sent");
      }
    },
  };
  return transport;
}

/** Zalo answered the login and said no (an expired or foreign cookie); a network failure is not a refusal. */
function isLoginRefused(err: unknown): boolean {
  return err instanceof ZaloApiError;
}

/** An error's class and message for the log: zca-js messages carry Zalo's description, never a cookie. */
function describe(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return `${err.name}: ${err.message}${code !== undefined && code !== null ? ` (code ${String(code)})` : ""}`;
  }
  if (typeof err === "object" && err !== null && "message" in err) return String((err as { message: unknown }).message);
  return String(err);
}

/** A PNG's width and height from its header, which Zalo shows the photo with; nothing for other formats. */
function pngSize(data: Buffer): { width?: number; height?: number } {
  const signature = "89504e470d0a1a0a";
  if (data.length < 24 || data.subarray(0, 8).toString("hex") !== signature) return {};
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

