import type { DirectoryPerson } from "../../services/people-directory.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";
import { consolePage } from "../layout.ts";

export interface InviteCard {
  person: DirectoryPerson;
  link: string | undefined;
  qr: SafeHtml | undefined;
  /** The card's texts in the invited person's language (their `locale`: vi unless set otherwise). */
  t: ConsoleView["t"];
}

/**
 * The printable invite sheet: one card per person with a usable code — name, unit, code, the
 * Telegram link and its QR code, and how to use it. console.css's print rules hide the console
 * around it and keep each card whole on a page; "Print" calls the browser's print (console.js).
 * The sheet around the cards speaks the coordinator's language; each card, handed to its person,
 * speaks that person's (people.locale, vi unless the person or their import said en).
 */
export function inviteSheetPage(view: ConsoleView, cards: InviteCard[], missing: number): string {
  const card = ({ person: p, link, qr, t }: InviteCard) =>
    html`<article class="invite-card" data-card="${p.id}" lang="${p.locale}"><h3>${p.name}</h3><p class="meta">${p.unitName ?? ""}</p>
<p>${t("invites.code")} <code class="code">${p.invite!.code}</code></p>${link ? html`${qr ?? ""}<p class="link">${link}</p>` : ""}
<p class="hint">${t(link ? "invites.card_how" : "invites.card_how_code_only")}</p><p class="meta">${t("invites.expires", { date: p.invite!.expiresAt.toISOString().slice(0, 10) })}</p></article>`;
  return consolePage(view, {
    title: view.t("invites.sheet_title"),
    active: "people",
    body: html`<div class="no-print"><p class="hint">${view.t("invites.sheet_hint", { n: cards.length })} ${view.t("invites.sheet_languages")}</p>${missing ? html`<p class="hint warn">${view.t("invites.sheet_missing", { n: missing })}</p>` : ""}<p><button class="primary" data-print>${view.t("invites.print")}</button> <a href="/console/people">${view.t("people.back")}</a></p></div>
<section class="invite-cards">${cards.map(card)}</section>`,
  });
}
