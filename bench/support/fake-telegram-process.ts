import { fork, type ChildProcess } from "node:child_process";
import type { UserFromGetMe } from "grammy/types";
import { FakeTelegram } from "../../tests/support/fake-telegram.ts";

/**
 * The tests' FakeTelegram in a process of its own, so that answering the Bot API calls does not
 * take CPU from the server being measured (the real Bot API is elsewhere too).
 */

export interface SentMessage {
  chatId: string;
  text: string;
  buttons: { text: string; callback_data: string }[];
}

type Request = { id: number; op: "sent"; chatId?: string } | { id: number; op: "stop" };
type Reply = { id: number; ready?: { apiRoot: string; botInfo: UserFromGetMe }; sent?: SentMessage[]; calls?: number; error?: string };

export class FakeTelegramProcess {
  private child: ChildProcess | undefined;
  private nextId = 1;
  private readonly waiting = new Map<number, (r: Reply) => void>();
  apiRoot = "";
  botInfo: UserFromGetMe | undefined;

  async start(): Promise<this> {
    const child = fork(new URL(import.meta.url), ["--fake-telegram"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child = child;
    child.on("message", (m: Reply) => {
      this.waiting.get(m.id)?.(m);
      this.waiting.delete(m.id);
    });
    child.on("exit", (code) => {
      for (const w of this.waiting.values()) w({ id: -1, error: `fake Bot API process exited (${code})` });
      this.waiting.clear();
    });
    const ready = await new Promise<Reply>((resolve) => this.waiting.set(0, resolve));
    if (!ready.ready) throw new Error(ready.error ?? "fake Bot API did not start");
    this.apiRoot = ready.ready.apiRoot;
    this.botInfo = ready.ready.botInfo;
    return this;
  }

  /** sendMessage calls so far (all, or to one chat), in order. */
  async sent(chatId?: string): Promise<SentMessage[]> {
    const r = await this.ask({ id: this.nextId++, op: "sent", ...(chatId === undefined ? {} : { chatId }) });
    if (!r.sent) throw new Error(r.error ?? "no answer");
    return r.sent;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    if (child.connected) child.send({ id: this.nextId++, op: "stop" } satisfies Request);
    const timer = setTimeout(() => child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private ask(req: Request): Promise<Reply> {
    return new Promise((resolve) => {
      this.waiting.set(req.id, resolve);
      this.child?.send(req);
    });
  }
}

if (process.argv.includes("--fake-telegram") && process.send) {
  const fake = await new FakeTelegram().start();
  process.on("disconnect", () => process.exit(0));
  process.on("message", (m: Request) => {
    if (m.op === "stop") {
      void fake.stop().then(() => process.exit(0));
      return;
    }
    const sent = fake
      .callsOf("sendMessage")
      .filter((c) => m.chatId === undefined || String(c.payload.chat_id) === m.chatId)
      .map((c): SentMessage => {
        const markup = c.payload.reply_markup as { inline_keyboard?: SentMessage["buttons"][] } | undefined;
        return { chatId: String(c.payload.chat_id), text: String(c.payload.text), buttons: markup?.inline_keyboard?.flat() ?? [] };
      });
    process.send!({ id: m.id, sent, calls: fake.calls.length } satisfies Reply);
  });
  process.send({ id: 0, ready: { apiRoot: fake.apiRoot, botInfo: fake.botInfo } } satisfies Reply);
}
