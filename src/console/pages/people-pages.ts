import type { UnitRow } from "../../../db/repositories/units-repository.ts";
import type { Role } from "../../domain/roles.ts";
import type { DirectoryPerson } from "../../services/people-directory.ts";
import type { PageNotice } from "../console-page-kit.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";
import { consolePage } from "../layout.ts";

const doneWords = ["added", "edited", "roles", "deactivated", "reactivated", "reissued", "revoked", "sent", "already_sent", "imported"];
const errorWords = ["no_unit", "bad_phone", "phone_taken", "bad_role", "no_name", "no_code", "not_linked", "admin_only"];

/** The roles a console reader may give: admin only by an admin. */
export function grantableRoles(view: Pick<ConsoleView, "isAdmin">): Role[] {
  return view.isAdmin ? ["focal_point", "unit_head", "coordinator", "admin"] : ["focal_point", "unit_head", "coordinator"];
}

/** The people of the province (coordinators, admins): who they are, their roles, chats and invite codes; a form to add one. */
export function peopleListPage(view: ConsoleView, people: DirectoryPerson[], units: UnitRow[], q: PageNotice): string {
  const row = (p: DirectoryPerson) =>
    html`<tr data-person="${p.id}"><td><a href="/console/people/${p.id}">${p.name}</a>${p.deactivatedAt ? html` <small class="warn">(${view.t("people.deactivated")})</small>` : ""}</td><td>${p.phone ?? ""}</td><td>${p.unitName ?? ""}</td><td>${roleNames(view, p.roles)}</td><td class="${p.channels.length ? "ok" : "warn"}">${p.channels.length ? p.channels.join(", ") : view.t("people.not_linked")}</td><td><code>${p.invite?.code ?? ""}</code></td></tr>`;
  return consolePage(view, {
    title: view.t("people.title"),
    active: "people",
    body: html`${peopleNotice(view, q)}<p><a href="/console/people/import">${view.t("people.import_link")}</a> · <a href="/console/invites/sheet" data-invite-sheet>${view.t("invites.sheet_link")}</a></p>
<h2>${view.t("people.add_title")}</h2>${personForm(view, units, { action: "/console/people", button: view.t("people.add"), withRole: true })}
<h2>${view.t("people.list_title", { n: people.length })}</h2>
<div class="scroll"><table class="plain"><thead><tr><th>${view.t("people.name")}</th><th>${view.t("people.phone")}</th><th>${view.t("people.unit")}</th><th>${view.t("people.roles")}</th><th>${view.t("people.chat")}</th><th>${view.t("people.invite_code")}</th></tr></thead><tbody>${people.map(row)}</tbody></table></div>`,
  });
}

/**
 * One person: their details, roles and standing, with the forms that change them, and their
 * invitation — the code, the Telegram deep link and its QR code, reissue, revoke, send by chat.
 */
export function personPage(view: ConsoleView, p: DirectoryPerson, units: UnitRow[], invite: { link: string | undefined; qr: SafeHtml | undefined }, q: PageNotice): string {
  const csrf = html`<input type="hidden" name="_csrf" value="${view.csrf}">`;
  const post = (path: string, fields: Record<string, string>, label: string, data: string) =>
    html`<form method="post" action="/console/people/${p.id}/${path}" class="inline">${csrf}${Object.entries(fields).map(([k, v]) => html`<input type="hidden" name="${k}" value="${v}">`)}<button data-action="${data}">${label}</button></form>`;
  const granted = grantableRoles(view);
  const roleItems = p.roles.map((r) => html`<li>${view.m({ key: `role.name.${r}` })} ${granted.includes(r) ? post("roles", { change: "remove", role: r }, view.t("people.role_remove"), `remove-${r}`) : ""}</li>`);
  const missing = granted.filter((r) => !p.roles.includes(r));
  const code = p.invite;
  return consolePage(view, {
    title: p.name,
    active: "people",
    body: html`${peopleNotice(view, q)}<p><a href="/console/people">${view.t("people.back")}</a></p>
<h2>${view.t("people.details")}</h2>${personForm(view, units, { action: `/console/people/${p.id}/edit`, button: view.t("people.save"), person: p })}
<h2>${view.t("people.roles")}</h2><ul class="list" data-roles>${roleItems}</ul>${
      missing.length
        ? html`<form method="post" action="/console/people/${p.id}/roles">${csrf}<input type="hidden" name="change" value="add"><label>${view.t("people.role_add")} <select name="role">${missing.map((r) => html`<option value="${r}">${view.m({ key: `role.name.${r}` })}</option>`)}</select></label> <button data-action="add-role">${view.t("people.role_add_button")}</button></form>`
        : ""
    }
<h2>${view.t("people.standing")}</h2><p class="${p.deactivatedAt ? "warn" : "ok"}" data-active="${p.deactivatedAt ? "no" : "yes"}">${view.t(p.deactivatedAt ? "people.is_deactivated" : "people.is_active")}</p>
<p>${post("active", { active: p.deactivatedAt ? "1" : "0" }, view.t(p.deactivatedAt ? "people.reactivate" : "people.deactivate"), p.deactivatedAt ? "reactivate" : "deactivate")}</p>
<h2>${view.t("invites.title")}</h2>${
      code
        ? html`<div class="invite-card" data-invite><p>${view.t("invites.code")} <code class="code" data-code>${code.code}</code> <small>${view.t("invites.expires", { date: code.expiresAt.toISOString().slice(0, 10) })}</small></p>${
            invite.link ? html`<p><a href="${invite.link}" data-deep-link rel="noreferrer">${invite.link}</a></p>${invite.qr ?? ""}` : html`<p class="hint">${view.t("invites.no_bot_username")}</p>`
          }</div>`
        : html`<p class="empty" data-invite="none">${view.t("invites.none")}</p>`
    }
<p>${post("invite", { action: "reissue" }, view.t(code ? "invites.reissue" : "invites.issue"), "reissue")}${code ? post("invite", { action: "revoke" }, view.t("invites.revoke"), "revoke") : ""}${
      code && p.channels.length ? post("invite", { action: "send" }, view.t("invites.send", { channels: p.channels.join(", ") }), "send") : ""
    }</p>${code && !p.channels.length ? html`<p class="hint">${view.t("invites.send_needs_link")}</p>` : ""}
<p><a href="/console/invites/sheet?person=${p.id}">${view.t("invites.print_one")}</a></p>`,
  });
}

function personForm(view: ConsoleView, units: UnitRow[], o: { action: string; button: string; person?: DirectoryPerson; withRole?: boolean }): SafeHtml {
  const p = o.person;
  return html`<form method="post" action="${o.action}" class="compose" data-person-form><input type="hidden" name="_csrf" value="${view.csrf}">
<label>${view.t("people.name")} <input name="name" required maxlength="200" value="${p?.name ?? ""}"></label>
<label>${view.t("people.phone")} <input name="phone" inputmode="tel" maxlength="30" value="${p?.phone ?? ""}"></label>
<label>${view.t("people.unit")} <select name="unit" required>${p ? "" : html`<option value="">${view.t("people.pick_unit")}</option>`}${units.map((u) => html`<option value="${u.name}"${p?.unitId === u.id ? " selected" : ""}>${u.name}</option>`)}</select></label>
${o.withRole ? html`<label>${view.t("people.role")} <select name="role">${grantableRoles(view).map((r) => html`<option value="${r}">${view.m({ key: `role.name.${r}` })}</option>`)}</select></label>` : ""}
<button class="primary">${o.button}</button></form>`;
}

function roleNames(view: ConsoleView, roles: Role[]): string {
  return roles.map((r) => view.m({ key: `role.name.${r}` })).join(", ");
}

function peopleNotice(view: ConsoleView, q: PageNotice): SafeHtml | string {
  if (q.error && errorWords.includes(q.error)) return html`<p class="notice alert" role="alert" data-error="${q.error}">${view.t(`people.error.${q.error}`, { value: q.value ?? "" })}</p>`;
  if (q.done && doneWords.includes(q.done)) return html`<p class="notice" role="status" data-done="${q.done}">${view.t(`people.done.${q.done}`, { n: Number(q.n) || 0 })}</p>`;
  return "";
}
