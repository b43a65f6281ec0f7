import type { Locale } from "../i18n/translator.ts";

/** The CLI speaks Vietnamese unless the terminal's locale is English (LC_ALL, else LANG, starting with "en"). */
export function cliLocale(env: NodeJS.ProcessEnv): Locale {
  const chosen = env.LC_ALL || env.LANG || "";
  return /^en/i.test(chosen) ? "en" : "vi";
}
