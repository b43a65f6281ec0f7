import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { understandMessage, type Understanding } from "../../src/chat/understand-message.ts";
import { findPerson } from "../../src/services/assignments.ts";
import { createChatLookups } from "../../src/services/chat-lookups.ts";
import { personView } from "../../src/services/person-view.ts";
import { tempDatabase } from "../support/temp-database.ts";
import type { CorpusRow } from "./message-corpus.ts";

export type Outcome = "right" | "asked" | "silently wrong";

export interface RowResult<C extends string = string> {
  row: CorpusRow<C>;
  outcome: Outcome;
  understanding: Understanding;
}

/** The clock of the conversation tests: November 2026 is the open month. */
export const EVAL_NOW = new Date("2026-11-20T02:00:00Z");

/**
 * Each message read exactly as the chat reads it (understandMessage = readReport + the period the
 * chat would pick), for its person, on the demo catalogue:
 * - right: a row with an expected item gets a confirmation of that item (code and plan) and figure;
 *   a row without one gets a question or an explanation, no confirmation;
 * - asked: a row with an expected item gets a question instead (safe, but a turn more);
 * - silently wrong: a confirmation of another item or figure, or of anything for a row that must
 *   not be offered for saving.
 */
export async function evaluateMessages<C extends string>(rows: readonly CorpusRow<C>[]): Promise<RowResult<C>[]> {
  const t = tempDatabase();
  try {
    await loadDemoData(t.db, EVAL_NOW);
    const lookups = createChatLookups(t.db, EVAL_NOW);
    const people = new Map<string, Awaited<ReturnType<typeof personView>>>();
    const results: RowResult<C>[] = [];
    for (const row of rows) {
      if (!people.has(row.who)) people.set(row.who, await personView(t.db, (await findPerson(t.db, row.who)).id, "vi"));
      const understanding = await understandMessage(row.text, { now: EVAL_NOW, channel: { buttons: true }, person: people.get(row.who)!, defaultLocale: "vi", lookups });
      results.push({ row, outcome: outcomeOf(row, understanding), understanding });
    }
    return results;
  } finally {
    t.remove();
  }
}

function outcomeOf(row: CorpusRow<string>, u: Understanding): Outcome {
  const offered = u.decision === "confirm_report";
  if (!row.expect) return offered ? "silently wrong" : "right";
  if (!offered) return "asked";
  const e = row.expect;
  const sameItem = u.item?.code === e.code && u.item.plan.includes(e.plan);
  const sameValue = u.value?.number !== null && u.value?.number !== undefined && Math.abs(u.value.number - e.value) < 1e-9;
  const samePeriod = e.period === undefined || u.period === e.period;
  return sameItem && sameValue && samePeriod ? "right" : "silently wrong";
}

export function tally<C extends string>(results: readonly RowResult<C>[]): Map<C | "all", Record<Outcome, number>> {
  const table = new Map<C | "all", Record<Outcome, number>>();
  for (const r of results) {
    for (const key of [r.row.category, "all"] as const) {
      const t = table.get(key) ?? { right: 0, asked: 0, "silently wrong": 0 };
      t[r.outcome]++;
      table.set(key, t);
    }
  }
  return table;
}
