import { describe, expect, it } from "vitest";
import { evaluateMessages, tally } from "./evaluate-messages.ts";
import { messageCorpus } from "./message-corpus.ts";

/**
 * The message corpus (tests/reader/message-corpus.ts) read as the chat reads it. No row may be
 * silently wrong: a confirmation of another item or figure, or any confirmation for a message that
 * must be asked back. The right share has a floor a little under today's (98%), so that a change
 * that makes the reader ask more is noticed. `npm run eval:messages` prints the same per category.
 */
const RIGHT_FLOOR = 0.95;

describe("the reader on realistic messages from the seed plans", async () => {
  const rows = messageCorpus();
  const results = await evaluateMessages(rows);

  it("has at least 300 messages for at least three people of different units, a fifth or so not to be saved", () => {
    expect(rows.length).toBeGreaterThanOrEqual(300);
    expect(new Set(rows.map((r) => r.who)).size).toBeGreaterThanOrEqual(3);
    const mustNotSave = rows.filter((r) => !r.expect).length / rows.length;
    expect(mustNotSave).toBeGreaterThan(0.15);
  });

  it("offers no confirmation of a wrong item or figure, and none for a message that must be asked back", () => {
    const wrong = results.filter((r) => r.outcome === "silently wrong").map((r) => `${r.row.who} "${r.row.text}" → ${r.understanding.item?.code} ${r.understanding.value?.number}`);
    expect(wrong).toEqual([]);
  });

  it(`gets at least ${RIGHT_FLOOR * 100}% right overall and in every category`, () => {
    for (const [category, t] of tally(results)) {
      const total = t.right + t.asked + t["silently wrong"];
      expect(t.right / total, category).toBeGreaterThanOrEqual(RIGHT_FLOOR);
    }
  });
});
