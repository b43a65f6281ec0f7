import type { Locale, Translator } from "../../i18n/translator.ts";
import { html } from "../html.ts";
import { shell } from "../layout.ts";

/** "/": what chitieu is and how to log in (no session needed, nothing about the province shown). */
export function landingPage(translator: Translator, locale: Locale): string {
  const t = (key: string) => translator.t(locale, { key: `console.landing.${key}` });
  const other = locale === "vi" ? "en" : "vi";
  return shell(locale, t("title"), html`<main class="narrow"><h1>${t("title")}</h1><p>${t("what")}</p><h2>${t("how_title")}</h2>
<ol><li>${t("how_1")}</li><li>${t("how_2")}</li><li>${t("how_3")}</li></ol><p class="hint">${t("who")}</p>
<p><a href="/?lang=${other}">${translator.t(other, { key: "console.landing.language" })}</a></p></main>`);
}

/** GET /login: one button, so a chat app's link preview (a GET) does not spend the link. */
export function loginPage(translator: Translator, locale: Locale, token: string, state: "ok" | "used" | "expired" | "unknown" | "not_allowed"): string {
  const t = (key: string) => translator.t(locale, { key: `console.login.${key}` });
  return shell(locale, t("title"), html`<main class="narrow"><h1>${t("title")}</h1>${
    state === "ok"
      ? html`<p>${t("press")}</p><form method="post" action="/login"><input type="hidden" name="t" value="${token}"><button class="primary" data-login>${t("button")}</button></form>`
      : html`<p class="error" role="alert">${t(`refused.${state}`)}</p><p>${t("again")}</p>`
  }</main>`);
}

/** A page-level refusal (404 for what is not the reader's or does not exist, 403, 400). */
export function messagePage(translator: Translator, locale: Locale, key: string): string {
  const text = translator.t(locale, { key: `console.${key}` });
  return shell(locale, text, html`<main class="narrow"><p class="error" role="alert">${text}</p><p><a href="/console">${translator.t(locale, { key: "console.nav.overview" })}</a></p></main>`);
}
