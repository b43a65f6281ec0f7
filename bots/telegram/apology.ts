import { locales, type Locale, type Translator } from "../../src/i18n/translator.ts";

/**
 * The apology for a failure on our side, from locales (`error.internal`, with the reference id).
 * The person's saved language is out of reach when the core failed, so Telegram's app language
 * decides when it is one we speak, else the default.
 */
export function apology(translator: Translator, defaultLocale: Locale): (ref: string, languageCode: string | undefined) => string {
  return (ref, languageCode) => {
    const spoken = locales.find((l) => languageCode?.toLowerCase().startsWith(l));
    return translator.t(spoken ?? defaultLocale, { key: "error.internal", params: { ref } });
  };
}
