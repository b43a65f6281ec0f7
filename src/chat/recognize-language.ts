import type { Locale } from "../i18n/translator.ts";
import { commandKey } from "./recognize-command.ts";

/**
 * "/ngonngu", "ngôn ngữ", "language" → ask which; "English", "tiếng Anh", "/lang en" → en;
 * "Tiếng Việt", "tieng viet", "Vietnamese", "/lang vi" → vi. Whole messages only.
 */
export function recognizeLanguage(text: string): Locale | "ask" | undefined {
  const slash = /^\/(ngonngu|lang|language)(?:@\w+)?(?:\s+(vi|en))?\s*$/i.exec(text.trim());
  if (slash) return (slash[2]?.toLowerCase() as Locale | undefined) ?? "ask";
  const k = commandKey(text);
  if (/^(ngon ngu|doi ngon ngu|chon ngon ngu|language|change language|ngon ngu language)$/.test(k)) return "ask";
  if (/^(english|tieng anh|in english|bang tieng anh|doi sang tieng anh|switch to english)$/.test(k)) return "en";
  if (/^(tieng viet|vietnamese|in vietnamese|bang tieng viet|doi sang tieng viet|switch to vietnamese)$/.test(k)) return "vi";
  return undefined;
}
