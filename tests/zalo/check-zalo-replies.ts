import { expect } from "vitest";
import type { Turn } from "../chat/run-conversation.ts";
import { offeredIn } from "../support/zalo-user.ts";

/** What every replayed turn must show over Zalo: a reply that fits, no apology, the expected words and choices. */
export function checkZaloReplies(where: string, replies: string[], turn: Turn): void {
    expect(replies.length, `${where}: a reply`).toBeGreaterThan(0);
    for (const r of replies) expect(r.length, `${where}: fits a Zalo message`).toBeLessThanOrEqual(2000);
    const text = replies.join("\n");
    expect(text, `${where}: no apology`).not.toContain("hệ thống đang gặp lỗi");
    for (const e of turn.expect ?? []) {
      if (e.startsWith("!")) expect(text, where).not.toContain(e.slice(1));
      else expect(text, where).toContain(e);
    }
    const offered = offeredIn(replies.at(-1) ?? "");
    for (const label of turn.choices ?? []) expect([...offered.numbered, ...offered.words], where).toContain(label);
}
