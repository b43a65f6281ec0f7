import { messageCorpus } from "./message-corpus.ts";
import { heldoutCorpus, heldoutSecondBatch } from "./heldout-messages.ts";
import { evaluateMessages, tally, type RowResult } from "./evaluate-messages.ts";

/**
 * `npm run eval:messages [-- --verbose]`: right / asked back / silently wrong per category, and the
 * rows that were not right, for our own corpus (message-corpus.ts) and the held-out one
 * (heldout-messages.ts), each in its own section. Exits 1 on any silently wrong row in either.
 */
const verbose = process.argv.includes("--verbose");
const pad = (s: string | number, n: number) => String(s).padEnd(n);

function section<C extends string>(title: string, results: RowResult<C>[]): void {
  console.log(`\n== ${title} (${results.length} messages)`);
  console.log(`${pad("category", 26)}${pad("rows", 6)}${pad("right", 8)}${pad("asked", 8)}silently wrong`);
  for (const [category, t] of tally(results)) {
    const total = t.right + t.asked + t["silently wrong"];
    console.log(`${pad(category, 26)}${pad(total, 6)}${pad(t.right, 8)}${pad(t.asked, 8)}${t["silently wrong"]}   (${Math.round((100 * t.right) / total)}% right)`);
  }
  for (const r of results) {
    if (r.outcome === "right" && !verbose) continue;
    const u = r.understanding;
    const got = u.decision === "confirm_report" ? `${u.item?.code} [${u.item?.plan}] = ${u.value?.number}` : `${u.decision} ${u.candidates.map((c) => `#${c.number} ${c.code} ${c.score}`).join(", ")}`;
    console.log(`${r.outcome.toUpperCase()}: ${r.row.who} "${r.row.text.replace(/\n/g, "⏎")}" → ${got}${r.row.expect ? ` (want ${r.row.expect.code} [${r.row.expect.plan}] = ${r.row.expect.value})` : ""} | ${[...u.why, ...u.problems].join(" / ")}`);
  }
}

const own = await evaluateMessages(messageCorpus());
const heldout = await evaluateMessages(heldoutCorpus());
const second = await evaluateMessages(heldoutSecondBatch());
section("own corpus (tests/reader/message-corpus.ts)", own);
section("held-out corpus (tests/reader/heldout-messages.ts)", heldout);
section("held-out, second batch (written after the reader changed for the first)", second);
process.exitCode = [...own, ...heldout, ...second].some((r) => r.outcome === "silently wrong") ? 1 : 0;
