import { EventEmitter } from "node:events";
import QRCode from "qrcode";
import {
  FriendEventType,
  GroupMessage,
  LoginQRCallbackEventType,
  UserMessage,
  ZaloApiError,
  ZaloApiLoginQRAborted,
  type Credentials,
  type FriendEvent,
  type LoginQRCallback,
  type Message,
  type TGroupMessage,
  type TMessage,
  type ThreadType,
} from "zca-js";
import type { ZcaApi, ZcaClient, ZcaClientFactory, ZcaListener } from "../../bots/zalo/zca/zca-client.ts";

/**
 * A stand-in for zca-js that never reaches Zalo. Messages are built with zca-js's own UserMessage /
 * GroupMessage classes from `data` shaped like what Zalo's websocket delivers, so `isSelf` and
 * `threadId` come out as they do live; the listener is an EventEmitter closed with Zalo's codes;
 * sendMessage records every call and throws Zalo's error codes on demand.
 */
export class FakeZcaListener extends EventEmitter implements ZcaListener {
  starts: { retryOnClose?: boolean }[] = [];
  stops = 0;
  running = false;

  constructor(private readonly ownId: string) {
    super();
  }

  start(options: { retryOnClose?: boolean } = {}): void {
    if (this.running) throw new ZaloApiError("Already started");
    this.running = true;
    this.starts.push(options);
    queueMicrotask(() => this.emit("connected"));
  }

  stop(): void {
    this.stops += 1;
    if (!this.running) return;
    this.running = false;
    queueMicrotask(() => this.emit("closed", 1000, ""));
  }

  /** Zalo closes the socket: 1006 abnormal, 3000 another listener, 3003 the account was opened elsewhere. */
  close(code: number, reason = ""): void {
    this.running = false;
    this.emit("disconnected", code, reason);
    this.emit("closed", code, reason);
  }

  deliver(message: Message): void {
    // zca-js drops our own messages before emitting them unless selfListen is on.
    if (message.isSelf) return;
    this.emit("message", message);
  }

  /** What zca-js emits with selfListen on: used to check the transport ignores it too. */
  deliverEvenIfSelf(message: Message): void {
    this.emit("message", message);
  }

  friendRequest(fromUid: string): void {
    const event: FriendEvent = { type: FriendEventType.REQUEST, data: { fromUid, toUid: this.ownId, src: 30, message: "Xin chào" }, threadId: this.ownId, isSelf: false };
    this.emit("friend_event", event);
  }
}

export interface SentMessage {
  threadId: string;
  type: ThreadType | undefined;
  text: string;
  attachments: number;
  /** The attachments' file names and bytes, as zca-js would upload them. */
  files: { filename: string; bytes: Buffer }[];
}

export class FakeZcaApi implements ZcaApi {
  readonly listener: FakeZcaListener;
  readonly sent: SentMessage[] = [];
  readonly typing: string[] = [];
  readonly accepted: string[] = [];
  readonly userInfoCalls: string[] = [];
  /** Errors the next sends throw, in order (a ZaloApiError with Zalo's code). */
  readonly sendFailures: Error[] = [];
  private nextMsgId = 9_000_000;

  constructor(
    private readonly fake: FakeZca,
    readonly credentials: Credentials,
  ) {
    this.listener = new FakeZcaListener(fake.ownId);
  }

  getOwnId(): string {
    return this.fake.ownId;
  }

  getCookie() {
    // Zalo refreshes cookies on its answers: the transport must save these, not the ones it logged in with.
    const value = this.fake.cookieValue ?? `refreshed-${this.fake.logins.length}`;
    return { toJSON: () => ({ cookies: [{ key: "zpw_sek", value, domain: "chat.zalo.me", path: "/" }] }) };
  }

  getContext() {
    return { imei: this.credentials.imei, userAgent: this.credentials.userAgent };
  }

  async sendMessage(message: string | { msg: string; attachments?: unknown }, threadId: string, type?: ThreadType) {
    const failure = this.sendFailures.shift();
    if (failure) throw failure;
    const text = typeof message === "string" ? message : message.msg;
    const attachments = typeof message === "string" || !message.attachments ? 0 : Array.isArray(message.attachments) ? message.attachments.length : 1;
    const files = typeof message === "string" || !Array.isArray(message.attachments) ? [] : (message.attachments as { filename?: string; data?: Buffer }[]).map((a) => ({ filename: String(a.filename ?? ""), bytes: Buffer.from(a.data ?? []) }));
    this.sent.push({ threadId, type, text, attachments, files });
    const id = this.nextMsgId++;
    return { message: text ? { msgId: id } : null, attachment: attachments > 0 ? [{ msgId: id }] : [] };
  }

  async sendTypingEvent(threadId: string) {
    this.typing.push(threadId);
    return { status: 0 };
  }

  async getUserInfo(userId: string | string[]) {
    const id = Array.isArray(userId) ? userId[0]! : userId;
    this.userInfoCalls.push(id);
    const phone = this.fake.phones.get(id);
    return { changed_profiles: { [`${id}_0`]: { userId: id, phoneNumber: phone ?? "" } as never } };
  }

  async getAllFriends() {
    return [...this.fake.friends].map((userId) => ({ userId }));
  }

  async acceptFriendRequest(friendId: string) {
    this.accepted.push(friendId);
    return "" as const;
  }
}

export class FakeZca {
  readonly apis: FakeZcaApi[] = [];
  readonly logins: Credentials[] = [];
  /** What the next logins do, in order: "ok" (default when empty) or an error to throw. */
  readonly loginOutcomes: ("ok" | Error)[] = [];
  readonly phones = new Map<string, string>();
  readonly friends = new Set<string>();
  /** The cookie Zalo has refreshed to since the login (default: one per login, "refreshed-<n>"). */
  cookieValue: string | undefined;
  readonly qr = new FakeQrLogin(this);

  constructor(readonly ownId = "7000000000000000001") {}

  /** The factory the transport and the QR login take instead of `new Zalo(...)`. */
  readonly factory: ZcaClientFactory = () => this.client;

  readonly client: ZcaClient = {
    login: async (credentials) => {
      this.logins.push(credentials);
      const outcome = this.loginOutcomes.shift() ?? "ok";
      if (outcome !== "ok") throw outcome;
      const api = new FakeZcaApi(this, credentials);
      this.apis.push(api);
      return api;
    },
    loginQR: (options, callback) => this.qr.run(options?.userAgent ?? "", callback),
  };

  get api(): FakeZcaApi {
    const api = this.apis.at(-1);
    if (!api) throw new Error("FakeZca: nobody logged in yet");
    return api;
  }
}

/**
 * loginQR as zca-js runs it: a QRCodeGenerated event with a real PNG of a QR code, then it waits
 * until the test scans (QRCodeScanned, GotLoginInfo with fresh credentials) or expires/declines it.
 */
export class FakeQrLogin {
  private waiting: { callback: LoginQRCallback; userAgent: string; resolve: (api: ZcaApi) => void; reject: (err: Error) => void } | undefined;
  generated = 0;
  readonly generatedSignal = new EventEmitter();

  constructor(private readonly fake: FakeZca) {}

  run(userAgent: string, callback: LoginQRCallback): Promise<ZcaApi> {
    return new Promise<ZcaApi>((resolve, reject) => {
      this.waiting = { callback, userAgent, resolve, reject };
      void this.generate();
    });
  }

  /** Resolves when the next QR code has been shown (the n-th overall). */
  async shown(n = this.generated + 1): Promise<void> {
    while (this.generated < n) await new Promise((resolve) => this.generatedSignal.once("generated", resolve));
  }

  private async generate(): Promise<void> {
    const w = this.waiting!;
    const png = await QRCode.toBuffer(`https://id.zalo.me/account/qr?code=fake-${this.generated + 1}`, { scale: 4 });
    w.callback({
      type: LoginQRCallbackEventType.QRCodeGenerated,
      data: { code: `fake-${this.generated + 1}`, image: png.toString("base64"), options: { enabledCheckOCR: false, enabledMultiLayer: false }, token: "t" },
      actions: { saveToFile: async () => undefined, retry: () => this.retry(), abort: () => this.abort() },
    });
    this.generated += 1;
    this.generatedSignal.emit("generated");
  }

  private retry(): void {
    void this.generate();
  }

  private abort(): void {
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(new ZaloApiLoginQRAborted());
  }

  expire(): void {
    this.waiting?.callback({ type: LoginQRCallbackEventType.QRCodeExpired, data: null, actions: { retry: () => this.retry(), abort: () => this.abort() } });
  }

  decline(): void {
    this.waiting?.callback({ type: LoginQRCallbackEventType.QRCodeDeclined, data: { code: "fake" }, actions: { retry: () => this.retry(), abort: () => this.abort() } });
  }

  /** The phone scans and confirms: zca-js reports the scan, the login info, then logs in with it. */
  async scan(displayName = "Sở KH&CN Thái Nguyên"): Promise<void> {
    const w = this.waiting;
    if (!w) throw new Error("FakeQrLogin: no QR login is waiting");
    w.callback({ type: LoginQRCallbackEventType.QRCodeScanned, data: { avatar: "", display_name: displayName }, actions: { retry: () => this.retry(), abort: () => this.abort() } });
    const credentials = { imei: "imei-from-qr", cookie: [{ key: "zpw_sek", value: "from-qr", domain: "chat.zalo.me", path: "/" }], userAgent: w.userAgent };
    w.callback({ type: LoginQRCallbackEventType.GotLoginInfo, data: credentials as never, actions: null });
    this.waiting = undefined;
    try {
      w.resolve(await this.fake.client.login(credentials as never));
    } catch (err) {
      w.reject(err as Error);
    }
  }
}

/** Zalo's message data as the websocket delivers it, with the fields the transport reads. */
function messageData(over: Partial<TMessage> & Pick<TMessage, "uidFrom" | "idTo" | "content">): TMessage {
  return {
    actionId: "1",
    msgId: String(nextMsgId++),
    cliMsgId: String(nextMsgId),
    msgType: typeof over.content === "string" ? "webchat" : "chat.photo",
    dName: "Cán bộ",
    ts: String(1_795_600_000_000 + nextMsgId),
    status: 1,
    notify: "1",
    ttl: 0,
    userId: "0",
    uin: "0",
    topOut: "0",
    topOutTimeOut: "0",
    topOutImprTimeOut: "0",
    propertyExt: undefined,
    paramsExt: { countUnread: 1, containType: 0, platformType: 1 },
    cmd: 501,
    st: 3,
    at: 5,
    realMsgId: "0",
    quote: undefined,
    ...over,
  };
}
let nextMsgId = 5_000_000;

/** Messages to the account `ownId` from Zalo user `uid`, as zca-js's listener hands them over. */
export function zcaUser(ownId: string, uid: string, name = "Cán bộ") {
  const from = (content: TMessage["content"], msgType: string) => new UserMessage(ownId, messageData({ uidFrom: uid, idTo: "0", content, msgType, dName: name }));
  return {
    text: (text: string) => from(text, "webchat"),
    photo: (href: string, caption = "") =>
      from({ title: caption, description: "", href, thumb: href, childnumber: 0, action: "", params: JSON.stringify({ width: 1280, height: 960, hd: href }), type: "" }, "chat.photo"),
    file: (href: string, fileName: string, size: number) =>
      from({ title: fileName, description: "", href, thumb: "", childnumber: 0, action: "", params: JSON.stringify({ fileSize: String(size), fileExt: fileName.split(".").pop() }), type: "" }, "share.file"),
    /** A shared link as Zalo sends it (chat.link): its title is the page's, its href the URL. */
    link: (href: string, title: string) => from({ title, description: "", href, thumb: "", childnumber: 0, action: "", params: "{}", type: "" }, "chat.link"),
    sticker: () => from({ id: 21, catId: 10, type: 7 }, "chat.sticker"),
    voice: () => from({ title: "", description: "", href: "https://voice.zdn.vn/v.amr", thumb: "", childnumber: 0, action: "", params: "{}", type: "" }, "chat.voice"),
    /** A message type the bot does not read (video, location, a shared contact, a doodle…). */
    other: (msgType: string) => from({ title: "", description: "", href: "", thumb: "", childnumber: 0, action: "", params: "{}", type: "" }, msgType),
  };
}

/** The zca-js message for a conversation case's or the odd corpus's attachment. */
export function zcaAttachment(user: ReturnType<typeof zcaUser>, a: Record<string, unknown>, caption?: string): UserMessage {
  switch (a.kind) {
    case "photo":
      return user.photo(`https://f21-zpc.zdn.vn/jpg/8612/${String(a.fileId ?? "photo")}.jpg`, caption ?? "");
    case "document":
      return user.file(`https://f21-zpc.zdn.vn/f/8612/${String(a.fileId ?? "file")}`, String(a.fileName ?? "bao-cao.pdf"), Number(a.sizeBytes ?? 1000));
    case "sticker":
      return user.sticker();
    case "voice":
      return user.voice();
    default:
      return user.other({ video: "chat.video.msg", location: "chat.location.new", contact: "chat.recommended" }[String(a.kind)] ?? "chat.doodle");
  }
}

/** Our own message to `uid` sent from another device of the account: Zalo reports uidFrom "0". */
export function ownMessage(ownId: string, toUid: string, text: string): UserMessage {
  return new UserMessage(ownId, messageData({ uidFrom: "0", idTo: toUid, content: text, msgType: "webchat" }));
}

export function groupText(ownId: string, groupId: string, uid: string, text: string): GroupMessage {
  return new GroupMessage(ownId, { ...messageData({ uidFrom: uid, idTo: groupId, content: text, msgType: "webchat" }), mentions: undefined } as TGroupMessage);
}

/** Credentials as `zalo login` saves them, for a transport to log in with. */
export const savedCredentials = {
  imei: "imei-saved-device",
  cookie: [{ key: "zpw_sek", value: "saved-cookie", domain: "chat.zalo.me", path: "/" }],
  userAgent: "Mozilla/5.0 (Windows NT 10.0; Win64; x64) Chrome/131.0",
};

/** A Zalo error as zca-js throws it for an answer with error_code ≠ 0. */
export function zaloError(code: number, message = "Zalo error"): ZaloApiError {
  return new ZaloApiError(message, code);
}
