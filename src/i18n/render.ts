import type { Message } from "../chat/types.ts";
import { createTranslator, type Locale, type RenderOptions, type Translator } from "./translator.ts";

let shared: Translator | undefined;

/**
 * The one way a message to a person becomes text: the chat host's replies and every outbox row
 * (reminders, digests, escalations, notices, broadcasts, alerts, file captions) are rendered here,
 * from the message key, its params and the recipient's language. `{buttons: false}` (a channel
 * without buttons) takes the `<key>_typed` variant where the locale has one.
 */
export function render(message: Message, locale: Locale, options?: RenderOptions): string {
  shared ??= createTranslator();
  return shared.t(locale, message, options);
}

/** Lines of one message, one under the other. */
export function renderLines(lines: readonly Message[], locale: Locale, options?: RenderOptions): string {
  return lines.map((line) => render(line, locale, options)).join("\n");
}
