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
  // Rendered once per key: a province-year asks for the same dozen labels 50,000 times.
  const periods = new Map<string, string>();
  label.period = (key) => {
    let text = periods.get(key);
    if (text === undefined) {
      const t = translator.t(locale, periodLabel(key));
      periods.set(key, (text = t.charAt(0).toUpperCase() + t.slice(1)));
    }
    return text;
  };
  const statuses = new Map<string, string>();
  label.taskStatus = (status) => {
    let text = statuses.get(status);
    if (text === undefined) statuses.set(status, (text = translator.t(locale, { key: `task.status.${status}` })));
    return text;
  };
  return label;
}
