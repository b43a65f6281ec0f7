import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import i18next, { type i18n } from "i18next";
import type { Message } from "../chat/types.ts";

export const locales = ["vi", "en"] as const;
export type Locale = (typeof locales)[number];

const localeDir = join(dirname(fileURLToPath(import.meta.url)), "../../locales");

export function loadLocaleResources(): Record<Locale, Record<string, unknown>> {
  return Object.fromEntries(locales.map((l) => [l, JSON.parse(readFileSync(join(localeDir, `${l}.json`), "utf8"))])) as Record<Locale, Record<string, unknown>>;
}

export interface RenderOptions {
  /** false: a channel without buttons (Zalo), where `<key>_typed` is used when the locale has it. */
  buttons?: boolean;
}

export interface Translator {
  t(locale: Locale, message: Message, options?: RenderOptions): string;
  has(key: string): boolean;
}

/**
 * Renders message keys from locales/<lang>.json with i18next. Vietnamese is the default and the
 * fallback; a missing key is a programming fault and throws, naming the key, in tests and at start.
 */
export function createTranslator(defaultLocale: Locale = "vi"): Translator {
  const instance: i18n = i18next.createInstance();
  const resources = loadLocaleResources();
  void instance.init({
    resources: Object.fromEntries(Object.entries(resources).map(([l, r]) => [l, { translation: r }])),
    lng: defaultLocale,
    fallbackLng: "vi",
    interpolation: { escapeValue: false },
    initAsync: false,
    showSupportNotice: false,
    returnNull: false,
  });
  return {
    t(locale, message, options) {
      if (!instance.exists(message.key, { lng: locale })) throw new Error(`Missing message "${message.key}" in locales/${locale}.json: add it (and to every other locale).`);
      const typed = options?.buttons === false ? `${message.key}_typed` : undefined;
      const key = typed && instance.exists(typed, { lng: locale }) ? typed : message.key;
      const params: Record<string, string | number> = {};
      for (const [name, value] of Object.entries(message.params ?? {})) params[name] = typeof value === "object" ? this.t(locale, value, options) : value;
      return instance.t(key, { lng: locale, ...params });
    },
    has: (key) => instance.exists(key),
  };
}
