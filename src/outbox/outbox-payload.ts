import { z } from "zod";
import type { Message } from "../chat/types.ts";
import { outboxFileSchema } from "./outbox-file.ts";

/** A message key with its params (a param may be a message itself, rendered in the same language). */
export const messageSchema: z.ZodType<Message> = z.lazy(() =>
  z.object({ key: z.string().min(1), params: z.record(z.string(), z.union([z.string(), z.number(), messageSchema])).optional() }),
);

const choiceSchema = z.object({
  id: z.string().min(1),
  /** A message rendered with the row (a button's label is cut to 64 characters), or text rendered already. */
  label: z.union([z.string().min(1), messageSchema]),
});

/**
 * What an outbox row carries. `lines`: the message as keys and params, rendered when it is sent in
 * the row's `locale` column (src/outbox/render-outbox.ts: the sender needs no lookup). `text`: text
 * rendered already — rows written before rows carried keys (an upgrade keeps them sendable) and the
 * replies of a committed turn the host rendered but could not send (kind "reply"). Optional choices
 * shown as buttons, an edit of an earlier message (a broadcast's live progress, "Đã gửi
 * 1.234/5.000"), or a file with the text as its caption.
 */
export const outboxPayloadSchema = z
  .object({
    text: z.string().min(1, "an outbox message needs a text").optional(),
    lines: z.array(messageSchema).min(1, "an outbox message needs a line").optional(),
    choices: z.array(choiceSchema).optional(),
    edit: z
      .object({
        /** The outbox row whose sent message is edited (its externalMessageId, once it is sent). */
        messageOfOutboxId: z.number().int().positive().optional(),
        /** Or the channel's message id directly. */
        messageId: z.string().min(1).optional(),
      })
      .refine((e) => e.messageOfOutboxId !== undefined || e.messageId !== undefined, "edit needs messageOfOutboxId or messageId")
      .optional(),
    file: outboxFileSchema.optional(),
  })
  .refine((p) => (p.text === undefined) !== (p.lines === undefined), "an outbox message needs a text or lines (one of them)");

export type OutboxPayload = z.infer<typeof outboxPayloadSchema>;

/**
 * outboxPayloadSchema.parse, answered without zod for the usual payload (lines of messages and
 * choices, each object with no key the schema would strip): such a payload is checked by hand, rule by
 * rule the schema's, and answered as it is. Anything else (text, an edit, a file, a value the hand check
 * doubts) goes through the schema, which answers or throws as ever. A reminder tick queues hundreds of
 * digests of dozens of lines each: zod over every one of them cost more than the insert.
 */
export function parseOutboxPayload(payload: unknown): OutboxPayload {
  return isPlainLinesPayload(payload) ? payload : outboxPayloadSchema.parse(payload);
}

function isPlainLinesPayload(p: unknown): p is OutboxPayload {
  if (typeof p !== "object" || p === null || Array.isArray(p)) return false;
  const { lines, choices } = p as { lines?: unknown; choices?: unknown };
  for (const k in p) if (k !== "lines" && k !== "choices") return false;
  if (!Array.isArray(lines) || lines.length === 0 || !lines.every(isPlainMessage)) return false;
  if (choices === undefined) return !("choices" in p);
  return Array.isArray(choices) && choices.every(isPlainChoice);
}

function isPlainChoice(c: unknown): boolean {
  if (typeof c !== "object" || c === null || Array.isArray(c)) return false;
  for (const k in c) if (k !== "id" && k !== "label") return false;
  const { id, label } = c as { id?: unknown; label?: unknown };
  return typeof id === "string" && id.length > 0 && (typeof label === "string" ? label.length > 0 : isPlainMessage(label));
}

function isPlainMessage(m: unknown): boolean {
  if (typeof m !== "object" || m === null || Array.isArray(m)) return false;
  for (const k in m) if (k !== "key" && k !== "params") return false;
  const { key, params } = m as { key?: unknown; params?: unknown };
  if (typeof key !== "string" || key.length === 0) return false;
  if (params === undefined) return !("params" in m);
  if (typeof params !== "object" || params === null || Array.isArray(params) || Object.getPrototypeOf(params) !== Object.prototype) return false;
  for (const k in params) {
    const v = (params as Record<string, unknown>)[k];
    if (typeof v === "string" || (typeof v === "number" && Number.isFinite(v))) continue;
    if (!isPlainMessage(v)) return false;
  }
  return true;
}

/** A payload as a sender gets it: rendered text and choices. */
export interface RenderedPayload extends Omit<OutboxPayload, "text" | "lines" | "choices"> {
  text: string;
  choices?: { id: string; label: string }[];
}
