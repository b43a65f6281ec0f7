import { expect } from "vitest";
import type { Turn } from "../chat/run-conversation.ts";
import { offeredIn } from "../support/zalo-user.ts";

/** What every replayed turn must show over Zalo: a reply that fits, no apology, the channel's wording, the expected words and choices. */
export function checkZaloReplies(where: string, replies: string[], turn: Turn): void {
    expect(replies.length, `${where}: a reply`).toBeGreaterThan(0);
    for (const r of replies) expect(r.length, `${where}: fits a Zalo message`).toBeLessThanOrEqual(2000);
    for (const r of replies) checkZaloWording(where, r);
    const text = replies.join("\n");
    expect(text, `${where}: no apology`).not.toContain("hệ thống đang gặp lỗi");
    for (const e of turn.expect ?? []) {
      if (e.startsWith("!")) expect(text, where).not.toContain(e.slice(1));
      else expect(text, where).toContain(e);
    }
    const offered = offeredIn(replies.at(-1) ?? "");
    for (const label of turn.choices ?? []) expect([...offered.numbered, ...offered.words], where).toContain(label);
}

/**
 * One text as Zalo shows it, worded for a channel without buttons: no "bấm"/"bam" (any case, with or
 * without diacritics; "bám" is another word), no "press"/"tap", no slash-command menu lines beside the choices, and at most
 * one numbered list, numbered from 1 — under a hint that counts exactly its entries.
 */
export function checkZaloWording(where: string, text: string): void {
  // "bám" (as in the catalogue's "bám sát") is another word: only "bấm" and its diacritic-less "bam".
  expect(text.normalize("NFC"), `${where}: no "bấm" over Zalo in ${JSON.stringify(text)}`).not.toMatch(/(?<!\p{L})b(?:a|ấ)m(?!\p{L})/iu);
  expect(text, `${where}: no "press"/"tap" over Zalo in ${JSON.stringify(text)}`).not.toMatch(/\b(press|pressed|presses|tap|tapped|taps)\b/i);
  expect(text, `${where}: no "button" over Zalo`).not.toMatch(/\bbuttons?\b|\bnút\b/i);
  const lists = numberedLists(text);
  expect(lists.length, `${where}: at most one numbered list per message in ${JSON.stringify(text)}`).toBeLessThanOrEqual(1);
  const list = lists[0];
  if (!list) return;
  list.forEach((n, i) => expect(n, `${where}: the list counts 1, 2, 3…`).toBe(i + 1));
  const hint = text.split("\n").at(-1) ?? "";
  const named = /^(?:Trả lời|Reply) (?:with a number from 1 to |một số từ 1 đến )?([\d, ]+?)(?: (?:hoặc|or) (\d+))?\.$/.exec(hint);
  if (named) {
    const numbers = [...named[1]!.split(/,\s*/), ...(named[2] ? [named[2]] : [])].map(Number);
    const last = /từ 1 đến|from 1 to/.test(hint) ? numbers[0]! : Math.max(...numbers);
    expect(last, `${where}: the hint counts the list's ${list.length} choices`).toBe(list.length);
  }
  expect(text, `${where}: the menu is one numbered list, not slash-command lines beside it`).not.toMatch(/^• .*\(\/[a-z]+\)$/m);
}

/** The numbers of each run of consecutive "1. …" lines. */
function numberedLists(text: string): number[][] {
  const lists: number[][] = [];
  let current: number[] | undefined;
  for (const line of text.split("\n")) {
    const m = /^(\d{1,3})\. \S/.exec(line);
    if (m) {
      current ??= [];
      current.push(Number(m[1]));
    } else if (current) {
      lists.push(current);
      current = undefined;
    }
  }
  if (current) lists.push(current);
  return lists;
}
