import { Zalo, type API, type Credentials, type FriendEvent, type LoginQRCallback, type Message, type MessageContent, type ThreadType, type User, type UserInfoResponse } from "zca-js";

/**
 * The part of zca-js the transport uses, as plain interfaces: the real `Zalo` and `API` satisfy them
 * (checked below at compile time), and the tests' fake implements them without reaching Zalo.
 */
export interface ZcaClient {
  login(credentials: Credentials): Promise<ZcaApi>;
  loginQR(options: { userAgent?: string; language?: string; qrPath?: string } | undefined, callback: LoginQRCallback): Promise<ZcaApi>;
}

export interface ZcaApi {
  listener: ZcaListener;
  getOwnId(): string;
  /** tough-cookie's CookieJar: the cookies as Zalo refreshed them on every answer. */
  getCookie(): { toJSON(): { cookies: object[] } | undefined };
  getContext(): { imei: string; userAgent: string };
  sendMessage(message: MessageContent | string, threadId: string, type?: ThreadType): Promise<{ message: { msgId: number | string } | null; attachment: { msgId: number | string }[] }>;
  sendTypingEvent(threadId: string, type?: ThreadType): Promise<unknown>;
  getUserInfo(userId: string | string[]): Promise<Pick<UserInfoResponse, "changed_profiles">>;
  getAllFriends(count?: number, page?: number): Promise<Pick<User, "userId">[]>;
  acceptFriendRequest(friendId: string): Promise<unknown>;
}

/** zca-js's Listener: an EventEmitter over Zalo's websocket. `closed` carries the close code (1000 ours, 1006 abnormal, 3000 duplicate, 3003 kicked). */
export interface ZcaListener {
  start(options?: { retryOnClose?: boolean }): void;
  stop(): void;
  on(event: "connected", listener: () => void): unknown;
  on(event: "closed", listener: (code: number, reason: string) => void): unknown;
  on(event: "error", listener: (error: unknown) => void): unknown;
  on(event: "message", listener: (message: Message) => void): unknown;
  on(event: "friend_event", listener: (event: FriendEvent) => void): unknown;
  removeAllListeners(): unknown;
}

/** How the transport and the QR login get a client: the real one by default, the tests' fake otherwise. */
export type ZcaClientFactory = () => ZcaClient;

/**
 * The real zca-js client: `checkUpdate: false` (the default asks the npm registry at every login),
 * `selfListen: false` (our own messages never come back as input), and its console logging off
 * (ours is pino, without cookies or message texts).
 */
export function createZcaClient(): ZcaClient {
  return new Zalo({ checkUpdate: false, selfListen: false, logging: false });
}

// Compile-time proof that the real library fits the interfaces above.
type Fits<A, B extends A> = B;
export type RealApiFits = Fits<ZcaApi, API>;
export type RealClientFits = Fits<ZcaClient, Zalo>;
