import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ChatContext, ItemView } from "../../src/chat/context.ts";
import { runTurn } from "../../src/chat/engine.ts";
import type { TurnResult } from "../../src/chat/out.ts";
import { emptySession, type Session } from "../../src/chat/session.ts";
import type { Inbound, Message } from "../../src/chat/types.ts";
import { findPerson } from "../../src/services/assignments.ts";
import { createChatLookups } from "../../src/services/chat-lookups.ts";
import { personView } from "../../src/services/person-view.ts";
import { EVAL_NOW } from "../reader/evaluate-messages.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { hostileFigures } from "./hostile-figures.ts";

/**
 * The hostile-figure corpus (tests/chat/hostile-figures.ts) through the core, without HTTP: at the
 * value step of the 5G percentage and as a one-line report "5G <figure>" at rest. Every input gets
 * replies whose messages exist in both locales; nothing is ever saved; a refused figure keeps the
 * value step with the reason and an example; a taken one is exactly the figure it shows.
 */
const locales = { vi: JSON.parse(readFileSync("locales/vi.json", "utf8")), en: JSON.parse(readFileSync("locales/en.json", "utf8")) };

describe("hostile figures: a polite localized reply, nothing saved, nothing read as other digits", () => {
  let ctx: ChatContext;
  let item: ItemView;
  let remove: () => void;
  let atValue: Session;

  beforeAll(async () => {
    const t = await tempDemoDatabase(EVAL_NOW);
    remove = t.remove;
    const person = (await personView(t.db, (await findPerson(t.db, "0912000001")).id, "vi"))!;
    ctx = { now: EVAL_NOW, channel: { buttons: true }, person, defaultLocale: "vi", lookups: createChatLookups(t.db, EVAL_NOW) };
    item = (await ctx.lookups.itemsForPerson(person.id)).find((i) => i.name === "Mở rộng phủ sóng 5G")!;
    const periodKey = item.periods.find((p) => !p.closed)!.key;
    atValue = { ...emptySession(), flow: { flow: "report", step: "enter_value", item: item.ref, periodKey, correction: false } };
  });
  afterAll(() => remove());

  it("has at least 300 inputs", () => {
    expect(hostileFigures.length).toBeGreaterThanOrEqual(300);
  });

  it.each(hostileFigures.map((h) => [h.kind, JSON.stringify(h.text), h] as const))("%s %s at the value step", async (_kind, _shown, h) => {
    const result = await runTurn(atValue, inbound(h.text), ctx);
    expectPolite(result);
    const flow = result.session.flow as { step?: string; draft?: { valueNumber: number | null } } | null;
    if (h.value !== undefined) {
      expect(flow?.step).toMatch(/^(enter_note|confirm_unusual)$/);
      expect(flow?.draft?.valueNumber).toBe(h.value);
    } else if (h.shows !== undefined && flow?.draft) {
      expect(flow.draft.valueNumber).toBe(h.shows);
    } else {
      expect(flow?.draft, "no figure kept").toBeUndefined();
      if (flow?.step === "enter_value") {
        const keys = keysOf(result);
        expect(keys.some((k) => k.startsWith("value.error."))).toBe(true);
        expect(keys.some((k) => k.startsWith("value.hint.") || k === "report.example_line")).toBe(true);
      }
    }
  });

  it.each(hostileFigures.map((h) => [h.kind, JSON.stringify(h.text), h] as const))("%s %s in a one-line report", async (_kind, _shown, h) => {
    const result = await runTurn(emptySession(), inbound(`5G ${h.text}`), ctx);
    expectPolite(result);
    const flow = result.session.flow as { step?: string; draft?: { valueNumber: number | null } } | null;
    if (flow?.draft) {
      expect(h.value ?? h.shows, "only a figure read as it shows reaches a confirmation").toBeDefined();
      expect(flow.draft.valueNumber).toBe(h.value ?? h.shows);
    }
  });
});

function inbound(text: string): Inbound {
  return { channel: "devchat", accountId: "", chatId: "hostile", senderId: "hostile", text };
}

function expectPolite(result: TurnResult): void {
  expect(result.effects.filter((e) => e.type === "save_report")).toEqual([]);
  expect(result.out.length).toBeGreaterThan(0);
  for (const key of keysOf(result)) {
    expect(lookup(locales.vi, key), `vi ${key}`).toBeTypeOf("string");
    expect(lookup(locales.en, key), `en ${key}`).toBeTypeOf("string");
  }
}

function keysOf(result: TurnResult): string[] {
  const keys: string[] = [];
  const walk = (m: Message) => {
    keys.push(m.key);
    for (const v of Object.values(m.params ?? {})) if (v && typeof v === "object" && "key" in v) walk(v as Message);
  };
  for (const o of result.out) {
    for (const l of o.lines) walk(l);
    for (const c of o.choices) walk(c.label);
  }
  return keys;
}

function lookup(tree: unknown, key: string): unknown {
  return key.split(".").reduce<unknown>((node, k) => (node && typeof node === "object" ? (node as Record<string, unknown>)[k] : undefined), tree);
}
