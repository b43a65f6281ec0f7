import type { outbox } from "../../db/schema.ts";
import { channelCapabilities } from "../../src/chat/channel-capabilities.ts";
import { outboxPayloadSchema, type RenderedPayload } from "../../src/outbox/outbox-payload.ts";
import { renderOutboxPayload } from "../../src/outbox/render-outbox.ts";

/** An outbox row's payload as its channel's sender gets it: rendered from its keys in the row's language (the dispatcher's own path). */
export function asSent(row: Pick<typeof outbox.$inferSelect, "payload" | "locale" | "channel">): RenderedPayload {
  return renderOutboxPayload(outboxPayloadSchema.parse(row.payload), row.locale ?? "vi", channelCapabilities(row.channel).buttons);
}
