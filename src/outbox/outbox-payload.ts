import { z } from "zod";
import { outboxFileSchema } from "./outbox-file.ts";

/**
 * What an outbox row carries: already rendered text (the caller renders in the recipient's
 * language when it enqueues), optional choices shown as buttons, or an edit of an earlier message
 * (the live progress of a broadcast, "Đã gửi 1.234/5.000"), or a file with the text as its caption.
 */
export const outboxPayloadSchema = z.object({
  text: z.string().min(1, "an outbox message needs a text"),
  choices: z.array(z.object({ id: z.string().min(1), label: z.string().min(1) })).optional(),
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
});

export type OutboxPayload = z.infer<typeof outboxPayloadSchema>;
