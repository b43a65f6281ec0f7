import type { LiveSession } from "../../db/repositories/console-repository.ts";
import type { Message } from "../chat/types.ts";
import type { Locale, Translator } from "../i18n/translator.ts";

/** What every console page knows about its reader: language, person, form token, and the units they may see. */
export interface ConsoleView {
  locale: Locale;
  /** A console text (locales/<lang>.json, under "console."). */
  t(key: string, params?: Record<string, string | number>): string;
  /** Any message (a period label, a role name). */
  m(message: Message): string;
  person: LiveSession["person"];
  csrf: string;
  /** The units this person may see; null: the whole province. */
  unitIds: number[] | null;
  canBroadcast: boolean;
  isAdmin: boolean;
  /** May approve figures (unit head, coordinator, admin): the approvals nav item. */
  approvals: boolean;
}

export function viewTranslator(translator: Translator, locale: Locale): Pick<ConsoleView, "t" | "m"> {
  return {
    t: (key, params) => translator.t(locale, params ? { key: `console.${key}`, params } : { key: `console.${key}` }),
    m: (message) => translator.t(locale, message),
  };
}

/** Whether a unit is inside what the reader may see. */
export function seesUnit(view: Pick<ConsoleView, "unitIds">, unitId: number): boolean {
  return view.unitIds === null || view.unitIds.includes(unitId);
}
