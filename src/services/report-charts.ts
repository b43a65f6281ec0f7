import { achievementChart } from "../charts/achievement-chart.ts";
import { completenessChart } from "../charts/completeness-chart.ts";
import { renderChart, type ChartPicture } from "../charts/render-chart.ts";
import { periodLabel } from "../chat/format.ts";
import type { Locale, Translator } from "../i18n/translator.ts";
import type { StatusRow, UnitSummary } from "./reporting-status.ts";

/** Completeness by unit for a period, as a PNG, in the reader's language. */
export function completenessPicture(units: readonly UnitSummary[], periodKey: string, translator: Translator, locale: Locale): Promise<ChartPicture> {
  const t = (key: string, params?: Record<string, string | number>) => translator.t(locale, params ? { key: `chart.${key}`, params } : { key: `chart.${key}` });
  const period = translator.t(locale, periodLabel(periodKey));
  return renderChart(completenessChart(units, { title: t("completeness_title", { period }), onTime: t("on_time"), late: t("late"), missing: t("missing"), axis: t("share") }));
}

/** Achievement against target of the reported indicators, as a PNG. */
export function achievementPicture(rows: readonly StatusRow[], periodKey: string, translator: Translator, locale: Locale): Promise<ChartPicture> {
  const t = (key: string, params?: Record<string, string | number>) => translator.t(locale, params ? { key: `chart.${key}`, params } : { key: `chart.${key}` });
  const e = (key: string) => translator.t(locale, { key: `export.achievement.${key}` });
  const period = translator.t(locale, periodLabel(periodKey));
  return renderChart(achievementChart(rows, { title: t("achievement_title", { period }), axis: t("of_target"), exceeded: e("exceeded"), met: e("met"), notMet: e("not_met") }));
}
