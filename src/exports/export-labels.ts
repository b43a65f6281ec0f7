import { periodLabel } from "../chat/format.ts";
import type { Locale, Translator } from "../i18n/translator.ts";

/** Labels of an export in one language (locales/<lang>.json, "export.*"): never an internal code in a cell. */
export interface ExportLabels {
  (key: string, params?: Record<string, string | number>): string;
  period(key: string): string;
  taskStatus(status: string): string;
}

export function exportLabels(translator: Translator, locale: Locale): ExportLabels {
  const cache = new Map<string, string>();
  const label = ((key: string, params?: Record<string, string | number>) => {
    if (params) return translator.t(locale, { key: `export.${key}`, params });
    let hit = cache.get(key);
    if (hit === undefined) cache.set(key, (hit = translator.t(locale, { key: `export.${key}` })));
    return hit;
  }) as ExportLabels;
  label.period = (key) => {
    const text = translator.t(locale, periodLabel(key));
    return text.charAt(0).toUpperCase() + text.slice(1);
  };
  label.taskStatus = (status) => translator.t(locale, { key: `task.status.${status}` });
  return label;
}
