import { shorten } from "../chat/format.ts";
import type { Locale } from "../i18n/translator.ts";
import { render, renderLines } from "../i18n/render.ts";
import type { OutboxPayload, RenderedPayload } from "./outbox-payload.ts";

/** Telegram shows about this much of a button; longer labels are cut with "…". */
export const MAX_BUTTON_LABEL = 64;

/**
 * An outbox row's payload as the channel shows it, rendered at send time from its message keys in
 * the row's language (no lookup: the row carries it). A row of rendered text (written before the
 * upgrade, or a reply the host rendered) goes as it is; its locale, if unknown, is the default.
 * On a channel with buttons a label is cut to MAX_BUTTON_LABEL; without them (Zalo) a choice is a
 * line of a numbered list and is kept whole.
 */
export function renderOutboxPayload(payload: OutboxPayload, locale: Locale, buttons: boolean): RenderedPayload {
  const { text, lines, choices, ...rest } = payload;
  const rendered: RenderedPayload = { ...rest, text: lines ? renderLines(lines, locale, { buttons }) : text! };
  if (choices) {
    rendered.choices = choices.map((c) => ({
      id: c.id,
      label: typeof c.label === "string" ? c.label : buttons ? shorten(render(c.label, locale, { buttons }), MAX_BUTTON_LABEL) : render(c.label, locale, { buttons }),
    }));
  }
  return rendered;
}
