import type { ChatOutcome, ChatService } from "../../src/chat/chat-service.ts";
import type { Channel, Inbound, Reply } from "../../src/chat/types.ts";

/**
 * A stand-in for the real chat host: records what the adapter gives it and answers by script.
 * "boom" throws, "long" answers 5,000 characters, a press echoes its choice, anything else is
 * echoed with two buttons. `gate` holds every handle() until it resolves.
 */
export class ScriptedChat implements ChatService {
  readonly received: Inbound[] = [];
  readonly blocked: { channel: Channel; accountId: string; senderId: string; blocked: boolean }[] = [];
  readonly claimed = new Set<string>();
  gate: Promise<void> | undefined;
  private entered: (() => void)[] = [];

  async handle(inbound: Inbound): Promise<ChatOutcome> {
    this.received.push(inbound);
    for (const resolve of this.entered.splice(0)) resolve();
    if (this.gate) await this.gate;
    if (inbound.text === "boom") throw new Error("scripted failure in the core");
    if (inbound.text === "silent failure") return { replies: [], locale: "vi", expectsText: false, errorRef: "HOST0042" };
    if (inbound.text === "long") return { replies: [{ text: longText(), choices: [{ id: "ok", label: "OK" }] }], locale: "vi", expectsText: false };
    if (inbound.choice) return { replies: [{ text: `Bạn chọn: ${inbound.choice}`, choices: [] }], locale: "vi", expectsText: false };
    if (inbound.attachment) return { replies: [{ text: `Đã nhận: ${inbound.attachment.kind}`, choices: [] }], locale: "vi", expectsText: false };
    return {
      replies: [
        {
          text: `Bạn gửi: ${inbound.text ?? ""}`,
          choices: [
            { id: "yes", label: "Đúng" },
            { id: "no", label: "Sai" },
          ],
        },
      ],
      locale: "vi",
      expectsText: false,
    };
  }

  async setBlocked(channel: Channel, accountId: string, senderId: string, blocked: boolean): Promise<void> {
    this.blocked.push({ channel, accountId, senderId, blocked });
  }

  async claimUpdate(channel: Channel, updateId: string): Promise<boolean> {
    const key = `${channel}:${updateId}`;
    if (this.claimed.has(key)) return false;
    this.claimed.add(key);
    return true;
  }

  /** Update ids the adapter said it is done with (finishUpdate), in order. */
  readonly finished: string[] = [];

  async finishUpdate(_channel: Channel, updateId: string): Promise<void> {
    this.finished.push(updateId);
  }

  /** Replies handed to the outbox because a direct send failed after the turn. */
  readonly queued: Reply[][] = [];

  async queueReplies(_inbound: Inbound, replies: Reply[]): Promise<void> {
    this.queued.push(replies);
  }

  /** Resolves when the next handle() call starts. */
  nextHandle(): Promise<void> {
    return new Promise((resolve) => this.entered.push(resolve));
  }
}

/** 100 lines of 49 characters plus line breaks: 5,000 characters of Vietnamese. */
export function longText(): string {
  const line = "Chỉ tiêu 1.1: Tỷ lệ hồ sơ trực tuyến toàn trình ".padEnd(49, ".");
  return Array.from({ length: 100 }, () => line).join("\n").padEnd(5000, ".");
}
