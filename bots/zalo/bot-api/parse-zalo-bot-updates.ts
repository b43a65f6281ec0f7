import { z } from "zod";

const id = z.union([z.string().min(1), z.number()]).transform(String);

/**
 * One update of the official Zalo Bot API, as far as we read it. The documentation's examples
 * (bot.zaloplatforms.com/docs) show a webhook body {ok: true, result: {event_name, message}} and a
 * getUpdates result {event_name, message}; some integrations receive the update unwrapped, so both
 * are accepted. A photo arrives as a URL (`photo`; `photo_url` as one integration reads it), a caption beside it.
 */
const zaloBotUpdateSchema = z.object({
  /** Absent in one documented getUpdates example: then it is read off the message (inferEventName). */
  event_name: z.string().min(1).optional(),
  message: z
    .object({
      message_id: id,
      date: z.number().optional(),
      from: z.object({ id, display_name: z.string().optional(), name: z.string().optional(), first_name: z.string().optional(), is_bot: z.boolean().optional() }).loose(),
      chat: z.object({ id, chat_type: z.string().optional() }).loose(),
      text: z.string().optional(),
      caption: z.string().optional(),
      photo: z.unknown().optional(),
      photo_url: z.string().optional(),
      sticker: z.unknown().optional(),
    })
    .loose()
    .optional(),
});

export type ZaloBotUpdate = z.infer<typeof zaloBotUpdateSchema> & { event_name: string };

/**
 * The updates inside a body as Zalo posts or returns it (one, per the documentation; a list is
 * accepted too); empty when it holds none, undefined when it is not an update at all.
 */
export function parseZaloBotUpdates(body: unknown): ZaloBotUpdate[] | undefined {
  const wrapped = z.object({ ok: z.literal(true), result: z.unknown() }).safeParse(body);
  const inner = wrapped.success ? wrapped.data.result : body;
  if (inner === null || inner === undefined) return [];
  const parsed = z.array(zaloBotUpdateSchema).or(zaloBotUpdateSchema.transform((u) => [u])).safeParse(inner);
  if (!parsed.success) return undefined;
  const updates: ZaloBotUpdate[] = [];
  for (const u of parsed.data) {
    const eventName = u.event_name ?? inferEventName(u.message);
    if (eventName) updates.push({ ...u, event_name: eventName });
  }
  return updates;
}

function inferEventName(m: z.infer<typeof zaloBotUpdateSchema>["message"]): string | undefined {
  if (!m) return undefined;
  if (m.photo !== undefined || m.photo_url !== undefined) return "message.image.received";
  if (m.sticker !== undefined) return "message.sticker.received";
  if (m.text !== undefined) return "message.text.received";
  return "message.unsupported.received";
}
