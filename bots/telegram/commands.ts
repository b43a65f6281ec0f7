import type { Api } from "grammy";
import type { BotCommand } from "grammy/types";
import type { Locale, Translator } from "../../src/i18n/translator.ts";

/** Each command of the menu and the locales key of its button, so the menu and the buttons say the same. */
const commandLabels = {
  baocao: "menu.button.report",
  chitieu: "menu.button.list",
  sua: "menu.button.correct",
  quahan: "menu.button.overdue",
  tiendo: "menu.button.progress",
  tonghop: "menu.button.summary",
  xuat: "menu.button.export",
  nhac: "menu.button.broadcast",
  huy: "menu.button.cancel",
  help: "menu.button.help",
  ngonngu: "menu.button.language",
} as const;

/** The command menu Telegram shows next to the text box, in one language. */
export function commands(translator: Translator, locale: Locale): BotCommand[] {
  return Object.entries(commandLabels).map(([command, key]) => ({ command, description: translator.t(locale, { key }) }));
}

/** Vietnamese is the default list (no language code), so clients in any other language see it too. */
export async function registerCommands(api: Api, translator: Translator): Promise<void> {
  await api.setMyCommands(commands(translator, "vi"));
  await api.setMyCommands(commands(translator, "en"), { language_code: "en" });
}
