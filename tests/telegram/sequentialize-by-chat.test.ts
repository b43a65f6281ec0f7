import type { Context } from "grammy";
import { describe, expect, it } from "vitest";
import { sequentializeByChat } from "../../bots/telegram/sequentialize-by-chat.ts";

const inChat = (chatId: number) => ({ chatId, from: { id: chatId } }) as unknown as Context;
const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe("sequentializeByChat", () => {
  it("handles a chat's second update only after its first, while other chats go ahead", async () => {
    const middleware = sequentializeByChat();
    const order: string[] = [];
    let releaseFirst: () => void = () => undefined;
    const first = middleware(inChat(501), async () => {
      order.push("501 first: start");
      await new Promise<void>((resolve) => (releaseFirst = resolve));
      order.push("501 first: end");
    });
    const second = middleware(inChat(501), async () => void order.push("501 second"));
    const other = middleware(inChat(777), async () => void order.push("777"));
    await other;
    await turn();
    expect(order).toEqual(["501 first: start", "777"]);
    releaseFirst();
    await Promise.all([first, second]);
    expect(order).toEqual(["501 first: start", "777", "501 first: end", "501 second"]);
  });

  it("lets the next update of the chat run when the one before it failed", async () => {
    const middleware = sequentializeByChat();
    const failed = middleware(inChat(501), async () => {
      throw new Error("handler failed");
    });
    let ran = false;
    const next = middleware(inChat(501), async () => void (ran = true));
    await expect(failed).rejects.toThrow("handler failed");
    await next;
    expect(ran).toBe(true);
  });
});
