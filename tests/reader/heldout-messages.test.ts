import { describe, expect, it } from "vitest";
import { evaluateMessages, tally } from "./evaluate-messages.ts";
import { heldoutCorpus, heldoutSecondBatch } from "./heldout-messages.ts";

/**
 * The held-out corpus (tests/reader/heldout-messages.ts), read as the chat reads it: no row may be
 * silently wrong, and the right share has a floor under today's, so a change that makes the reader
 * ask much more is noticed. `npm run eval:messages` prints it per category, in its own section.
 */
const RIGHT_FLOOR = 0.95;

describe("the reader on the held-out messages", async () => {
  const rows = heldoutCorpus();
  const results = await evaluateMessages(rows);
  const second = await evaluateMessages(heldoutSecondBatch());

  it("has at least 200 messages for at least four people of different units, a fifth or so not to be saved", () => {
    expect(rows.length).toBeGreaterThanOrEqual(200);
    expect(new Set(rows.map((r) => r.who)).size).toBeGreaterThanOrEqual(4);
    expect(rows.filter((r) => !r.expect).length / rows.length).toBeGreaterThan(0.15);
  });

  it("offers no confirmation of a wrong item or figure, and none for a message that must be asked back (both batches)", () => {
    const wrong = [...results, ...second].filter((r) => r.outcome === "silently wrong").map((r) => `${r.row.who} "${r.row.text}" → ${r.understanding.item?.code} ${r.understanding.value?.number}`);
    expect(wrong).toEqual([]);
  });

  it(`gets at least ${RIGHT_FLOOR * 100}% right overall`, () => {
    const all = tally(results).get("all")!;
    expect(all.right / (all.right + all.asked + all["silently wrong"])).toBeGreaterThanOrEqual(RIGHT_FLOOR);
  });
});
