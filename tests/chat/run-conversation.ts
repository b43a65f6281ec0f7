import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { Db } from "../../db/client.ts";
import { listPlans } from "../../db/repositories/catalogue-repository.ts";
import type { Reply } from "../../src/chat/types.ts";
import { setPlanApproval } from "../../src/services/approvals.ts";
import type { TestApp } from "../support/test-app.ts";

/**
 * A conversation case, as data: who speaks, what they send each turn (text, a button by its
 * label, an attachment), and what the replies must contain. Run over real HTTP (POST /dev/chat)
 * against a real SQLite file under the test's clock.
 */
export interface ConversationCase {
  name: string;
  now?: string;
  /** Every plan asks for its unit heads' approval (plans approval <plan> on). */
  approval?: boolean;
  turns: Turn[];
}

export interface Turn {
  /** Who speaks (a phone, name or person id; any other string is an unknown account). */
  as: string;
  send?: string;
  /** Press the button with this label, from the last reply this speaker got. */
  press?: string;
  attachment?: Record<string, unknown>;
  /** Move the clock here first. */
  at?: string;
  /** Each string must appear in the replies' text (joined); "!text" must not. */
  expect?: string[];
  /** These button labels must be offered in the last reply. */
  choices?: string[];
  /** How many replies exactly. */
  replies?: number;
}

/** What a case sets up beyond the demo province, done the way a coordinator would (the approvals service). */
export async function prepareCase(db: Db, c: ConversationCase): Promise<void> {
  if (c.approval) for (const plan of await listPlans(db)) await setPlanApproval(db, plan.key, true, { personId: null, name: "cli" }, new Date(c.now ?? "2026-11-20T02:00:00Z"));
}

export function loadCase(file: string): ConversationCase {
  return JSON.parse(readFileSync(file, "utf8")) as ConversationCase;
}

export async function runConversation(app: TestApp, c: ConversationCase): Promise<Reply[][]> {
  const last = new Map<string, Reply[]>();
  const transcript: Reply[][] = [];
  for (const [i, turn] of c.turns.entries()) {
    if (turn.at) app.clock.set(turn.at);
    const body: Record<string, unknown> = { user: turn.as };
    if (turn.send !== undefined) body.text = turn.send;
    if (turn.attachment) body.attachment = turn.attachment;
    if (turn.press !== undefined) {
      const offered = (last.get(turn.as) ?? []).at(-1)?.choices ?? [];
      const choice = offered.find((ch) => ch.label === turn.press || ch.label.startsWith(turn.press!));
      if (!choice) throw new Error(`${c.name}, turn ${i + 1}: no button "${turn.press}" among ${JSON.stringify(offered.map((o) => o.label))}`);
      body.choice = choice.id;
    }
    const res = await fetch(`${app.base}/dev/chat`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    expect(res.status, `${c.name}, turn ${i + 1}`).toBe(200);
    const { replies } = (await res.json()) as { replies: Reply[] };
    last.set(turn.as, replies);
    transcript.push(replies);
    const text = replies.map((r) => r.text).join("\n");
    for (const e of turn.expect ?? []) {
      if (e.startsWith("!")) expect(text, `${c.name}, turn ${i + 1} must not say ${e.slice(1)}`).not.toContain(e.slice(1));
      else expect(text, `${c.name}, turn ${i + 1}`).toContain(e);
    }
    for (const label of turn.choices ?? []) {
      expect(replies.at(-1)?.choices.map((ch) => ch.label), `${c.name}, turn ${i + 1}`).toContain(label);
    }
    if (turn.replies !== undefined) expect(replies, `${c.name}, turn ${i + 1}`).toHaveLength(turn.replies);
    for (const r of replies) expect(r.text.length, "a reply fits a Telegram message").toBeLessThanOrEqual(4096);
  }
  return transcript;
}
