import type { Db } from "../../../db/client.ts";
import { recentBroadcastIds } from "../../../db/repositories/console-repository.ts";
import { listUnits } from "../../../db/repositories/units-repository.ts";
import type { Audience, AudiencePreview } from "../../chat/context.ts";
import { periodLabel } from "../../chat/format.ts";
import { periodAt } from "../../domain/reporting-period.ts";
import { roles } from "../../domain/roles.ts";
import { broadcastStatus } from "../../services/broadcasts.ts";
import type { ConsoleView } from "../console-view.ts";
import { html, type SafeHtml } from "../html.ts";
import { consolePage } from "../layout.ts";

/** The audiences of /nhac as a form's fields: not reported for a period, everyone, one unit, one role. */
export interface BroadcastDraft {
  audience: Audience;
  text: string;
  urgent: boolean;
}

export async function audienceLabel(view: ConsoleView, db: Db, a: Audience): Promise<string> {
  switch (a.type) {
    case "all":
      return view.m({ key: "broadcast.audience.all" });
    case "not_reported":
      return view.m({ key: "broadcast.audience.not_reported", params: { period: periodLabel(a.periodKey) } });
    case "unit":
      return (await listUnits(db)).find((u) => u.id === a.unitId)?.name ?? `#${a.unitId}`;
    case "role":
      return view.m({ key: `role.name.${a.role}` });
  }
}

/** Compose (with a preview once asked), follow the latest broadcast, and the history. */
export async function broadcastsPage(db: Db, view: ConsoleView, now: Date, p: { draft?: BroadcastDraft; preview?: AudiencePreview; error?: string; followId?: number }): Promise<string> {
  const period = periodAt("monthly", now).key;
  const d = p.draft;
  const a = d?.audience;
  const checked = (type: Audience["type"]) => ((a?.type ?? "not_reported") === type ? html` checked` : "");
  const units = (await listUnits(db)).map((u) => html`<option value="${u.id}"${a?.type === "unit" && a.unitId === u.id ? html` selected` : ""}>${u.name}</option>`);
  const roleOptions = roles.map((r) => html`<option value="${r}"${a?.type === "role" && a.role === r ? html` selected` : ""}>${view.m({ key: `role.name.${r}` })}</option>`);
  const statuses = await Promise.all((await recentBroadcastIds(db, 20)).map(async (id) => (await broadcastStatus(db, id))!));
  const history = await Promise.all(statuses
    .map(async (b) => html`<li><a href="/console/broadcasts?follow=${b.id}">#${b.id}</a> ${new Date(b.createdAt).toLocaleString(view.locale === "vi" ? "vi-VN" : "en-GB", { timeZone: "Asia/Ho_Chi_Minh" })} — ${await audienceLabel(view, db, b.audience)} — ${view.t("broadcasts.counts", { delivered: b.delivered, recipients: b.recipients, failed: b.failed, status: view.t(`broadcasts.status.${b.status}`) })}<div class="note">${b.text}</div></li>`));
  const preview: SafeHtml | string = p.preview
    ? html`<div class="preview" data-preview><p>${view.m({ key: "broadcast.preview", params: { linked: p.preview.linked, units: p.preview.units, notLinked: p.preview.notLinked, people: p.preview.people } })}</p>
<form method="post" action="/console/broadcasts"><input type="hidden" name="_csrf" value="${view.csrf}">${hiddenDraft(d!)}<button class="primary" data-send>${view.t("broadcasts.send")}</button></form></div>`
    : "";
  return consolePage(view, {
    title: view.t("broadcasts.title"),
    active: "broadcasts",
    body: html`${p.error ? html`<p class="error" role="alert">${p.error}</p>` : ""}
${p.followId ? html`<section class="progress" data-progress="/console/broadcasts/${p.followId}.json"><h2>${view.t("broadcasts.progress", { id: p.followId })}</h2><progress max="1" value="0"></progress><p data-progress-text>…</p></section>` : ""}
<form method="post" action="/console/broadcasts/preview" class="compose"><input type="hidden" name="_csrf" value="${view.csrf}">
<fieldset><legend>${view.m({ key: "broadcast.choose_audience" })}</legend>
<label><input type="radio" name="audience" value="not_reported"${checked("not_reported")}> ${view.t("broadcasts.not_reported")}</label> <input name="period" value="${a?.type === "not_reported" ? a.periodKey : period}" size="8" aria-label="${view.t("overview.period")}">
<label><input type="radio" name="audience" value="all"${checked("all")}> ${view.m({ key: "broadcast.audience.all" })}</label>
<label><input type="radio" name="audience" value="unit"${checked("unit")}> ${view.m({ key: "broadcast.audience.unit" })}</label> <select name="unitId" aria-label="${view.m({ key: "broadcast.audience.unit" })}">${units}</select>
<label><input type="radio" name="audience" value="role"${checked("role")}> ${view.m({ key: "broadcast.audience.role" })}</label> <select name="role" aria-label="${view.m({ key: "broadcast.audience.role" })}">${roleOptions}</select>
</fieldset>
<label>${view.t("broadcasts.text")}<textarea name="text" rows="4" maxlength="1000" required>${d?.text ?? view.m({ key: "broadcast.template", params: { month: Number(period.slice(5)) } })}</textarea></label>
<label><input type="checkbox" name="urgent" value="1"${d?.urgent ? html` checked` : ""}> ${view.t("broadcasts.urgent")}</label>
<button>${view.t("broadcasts.preview")}</button></form>
${preview}
<h2>${view.t("broadcasts.history")}</h2>${history.length ? html`<ul class="list">${history}</ul>` : html`<p class="empty">${view.t("broadcasts.none")}</p>`}`,
  });
}

function hiddenDraft(d: BroadcastDraft): SafeHtml {
  const a = d.audience;
  return html`<input type="hidden" name="audience" value="${a.type}">${a.type === "not_reported" ? html`<input type="hidden" name="period" value="${a.periodKey}">` : ""}${a.type === "unit" ? html`<input type="hidden" name="unitId" value="${a.unitId}">` : ""}${a.type === "role" ? html`<input type="hidden" name="role" value="${a.role}">` : ""}<input type="hidden" name="text" value="${d.text}">${d.urgent ? html`<input type="hidden" name="urgent" value="1">` : ""}`;
}
