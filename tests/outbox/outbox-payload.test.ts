import { describe, expect, it } from "vitest";
import { outboxPayloadSchema, parseOutboxPayload } from "../../src/outbox/outbox-payload.ts";

/**
 * parseOutboxPayload checks the usual payload (lines and choices) by hand and hands anything else to
 * the zod schema: whatever it is given, it answers what outboxPayloadSchema.parse answers, or throws
 * where that throws.
 */
describe("an outbox payload checked without zod answers as the schema does", () => {
  const line = { key: "reminder.line", params: { n: 3, code: "1.2", name: "Tỷ lệ", when: { key: "reminder.when.days_left", params: { days: 3 } } } };
  const accepted: unknown[] = [
    { lines: [line] },
    { lines: [{ key: "reminder.title" }, line], choices: [{ id: "c1.1", label: { key: "reminder.button", params: { n: 3 } } }, { id: "c1.2", label: "Đã xong" }] },
    // Not the usual shape: through the schema (an unknown key stripped, a text, an edit).
    { lines: [line], extra: true },
    { lines: [{ key: "x", params: { a: 1 }, note: "stripped" }] },
    { text: "Đã gửi 1/2", edit: { messageOfOutboxId: 4 } },
    { lines: [line], choices: undefined },
  ];
  const refused: unknown[] = [
    { lines: [] },
    { lines: [{ key: "" }] },
    { lines: [{ key: "x", params: { n: Number.NaN } }] },
    { lines: [{ key: "x", params: { n: Number.POSITIVE_INFINITY } }] },
    { lines: [{ key: "x", params: { n: null } }] },
    { lines: [line], choices: [{ id: "", label: "a" }] },
    { lines: [line], choices: [{ id: "c1", label: "" }] },
    { lines: [line], choices: [{ id: "c1", label: { key: "" } }] },
    { lines: [line], text: "both" },
    { text: "" },
    null,
    [line],
  ];

  it("accepts what the schema accepts, with the schema's answer", () => {
    for (const p of accepted) expect(parseOutboxPayload(p)).toEqual(outboxPayloadSchema.parse(p));
  });

  it("refuses what the schema refuses", () => {
    for (const p of refused) {
      expect(() => outboxPayloadSchema.parse(p)).toThrow();
      expect(() => parseOutboxPayload(p)).toThrow();
    }
  });
});
