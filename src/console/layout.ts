import type { ConsoleView } from "./console-view.ts";
import { html, type SafeHtml } from "./html.ts";

export type NavItem = "overview" | "units" | "broadcasts" | "exports" | "approvals" | "periods" | "zalo" | "people" | "plans";

/** The page around every console screen: header, navigation by role, logout form (with its CSRF token). */
export function consolePage(view: ConsoleView, p: { title: string; active?: NavItem; body: SafeHtml }): string {
  const items: { id: NavItem; href: string; show: boolean }[] = [
    { id: "overview", href: "/console", show: true },
    { id: "units", href: "/console/units", show: true },
    { id: "people", href: "/console/people", show: view.unitIds === null },
    { id: "broadcasts", href: "/console/broadcasts", show: view.canBroadcast },
    { id: "exports", href: "/console/exports", show: true },
    { id: "approvals", href: "/console/approvals", show: view.approvals },
    { id: "periods", href: "/console/periods", show: view.unitIds === null },
    { id: "plans", href: "/console/plans", show: view.unitIds === null },
    { id: "zalo", href: "/console/zalo", show: view.isAdmin },
  ];
  const nav = items.filter((i) => i.show).map((i) => html`<a href="${i.href}"${i.id === p.active ? html` aria-current="page"` : ""}>${view.t(`nav.${i.id}`)}</a>`);
  return shell(view.locale, p.title, html`<header class="top"><a class="brand" href="/console">chitieu</a>
<details class="menu"><summary>${view.t("nav.menu")}</summary><nav>${nav}</nav></details>
<nav class="wide">${nav}</nav>
<form method="post" action="/logout" class="logout"><input type="hidden" name="_csrf" value="${view.csrf}"><span class="who">${view.person.name}</span> <button>${view.t("nav.logout")}</button></form></header>
<main><h1>${p.title}</h1>${p.body}</main>`);
}

/** The bare document: one CSS file, one small script, nothing inline (the CSP forbids it). */
export function shell(locale: string, title: string, body: SafeHtml): string {
  return `<!doctype html>${html`<html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>${title} — chitieu</title><link rel="stylesheet" href="/console/assets/console.css"></head>
<body>${body}<script src="/console/assets/console.js" defer></script></body></html>`.value}`;
}

/** A ratio as a percentage, or "–". */
export function percent(ratio: number | null): string {
  return ratio === null ? "–" : `${Math.round(ratio * 100)}%`;
}

/** The heat class of a ratio: five steps from red to green. */
export function heat(ratio: number | null): string {
  if (ratio === null) return "h-none";
  return `h${Math.min(4, Math.floor(ratio * 5))}`;
}
