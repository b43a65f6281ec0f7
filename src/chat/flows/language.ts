import type { Locale } from "../../i18n/translator.ts";
import type { ChatContext } from "../context.ts";
import { msg, offer, say, type TurnResult } from "../out.ts";
import type { Session } from "../session.ts";
import { menuFor } from "./menu.ts";

/**
 * The person's language: "ask" offers both; a choice stores it (set_locale) and answers, with the
 * menu, in the new language — the host renders the turn in it.
 */
export function languageTurn(session: Session, wanted: Locale | "ask", ctx: ChatContext): TurnResult {
  const person = ctx.person!;
  if (wanted === "ask") {
    const out = [
      say(msg("language.ask"), [
        { action: { type: "set_locale", locale: "vi" }, label: msg("language.button.vi") },
        { action: { type: "set_locale", locale: "en" }, label: msg("language.button.en") },
      ]),
    ];
    return { session: offer({ ...session, flow: null }, out), out, effects: [] };
  }
  const out = [say(msg(`language.changed.${wanted}`)), menuFor(person, ctx.channel)];
  return { session: offer({ ...session, flow: null }, out), out, effects: wanted === person.locale ? [] : [{ type: "set_locale", personId: person.id, locale: wanted }] };
}
