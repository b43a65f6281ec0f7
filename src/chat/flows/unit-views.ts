import type { ChatContext, UnitProgress } from "../context.ts";
import { formatDue, periodLabel, shorten } from "../format.ts";
import { msg, offer, say, type OutMessage, type TurnResult } from "../out.ts";
import type { Session } from "../session.ts";
import type { Message } from "../types.ts";
import { paginateLines } from "../paginate-lines.ts";

/** Lines per page, so that one message stays inside Telegram's 4,096 and Zalo's 2,000 characters. */
export const PAGE_LINES = 20;

type View = "overdue" | "progress" | "summary";

/** The unit views by command, each taking the page to show ("Xem thêm" asks for the next). */
export const unitViews: Record<View, (session: Session, ctx: ChatContext, page: number) => Promise<TurnResult>> = { overdue, progress, summary };

/** /quahan: the overdue and due-soon items of the head's unit and its sub-units, a page at a time. */
async function overdue(session: Session, ctx: ChatContext, page: number): Promise<TurnResult> {
  const person = ctx.person!;
  if (!canSeeUnit(ctx)) return refuse(session, "overdue");
  if (person.unitId === null) return done(session, [msg("unit.no_unit")]);
  const lines = await ctx.lookups.overdueForUnit(person.unitId);
  if (lines.length === 0) return done(session, [msg("overdue.none", { unit: person.unitName ?? "" })]);
  const overdueLines = lines.filter((l) => l.status === "overdue");
  const soonLines = lines.filter((l) => l.status === "due_soon");
  const body: Message[] = [];
  for (const [group, list] of [["overdue", overdueLines], ["soon", soonLines]] as const) {
    if (list.length === 0) continue;
    body.push(msg(`overdue.group.${group}`));
    for (const l of list) {
      body.push(
        msg(group === "overdue" ? "overdue.line" : "overdue.line_soon", {
          code: l.code,
          name: shorten(l.name, 60),
          unit: l.unitName,
          who: l.focalNames.length ? l.focalNames.join(", ") : "—",
          days: l.days,
          due: formatDue(l.dueAt, ctx.now),
          period: periodLabel(l.periodKey),
        }),
      );
    }
  }
  return paged(session, "overdue", page, msg("overdue.title", { unit: person.unitName ?? "", overdue: overdueLines.length, soon: soonLines.length }), body, []);
}

/** /tiendo: completeness and achievement of the head's unit (and sub-units) for the open period. */
async function progress(session: Session, ctx: ChatContext, page: number): Promise<TurnResult> {
  const person = ctx.person!;
  if (!canSeeUnit(ctx)) return refuse(session, "progress");
  if (person.unitId === null) return done(session, [msg("unit.no_unit")]);
  const rows = await ctx.lookups.progressForUnit(person.unitId);
  if (rows.length === 0) return done(session, [msg("progress.nothing", { unit: person.unitName ?? "" })]);
  const result = paged(session, "progress", page, msg("progress.title", { unit: person.unitName ?? "" }), rows.map(progressLine), []);
  return withChart(result, page, person.id, "achievement_chart", rows, person.unitId);
}

/** /tonghop: province-wide completeness by unit, every unit over as many pages as needed, and the units most behind. */
async function summary(session: Session, ctx: ChatContext, page: number): Promise<TurnResult> {
  const person = ctx.person!;
  if (!person.roles.includes("coordinator") && !person.roles.includes("admin")) return refuse(session, "summary");
  const rows = (await ctx.lookups.provinceProgress()).filter((r) => r.expected > 0);
  if (rows.length === 0) return done(session, [msg("summary.nothing")]);
  const expected = rows.reduce((s, r) => s + r.expected, 0);
  const reported = rows.reduce((s, r) => s + r.reported, 0);
  const behind = [...rows].sort((a, b) => a.reported / a.expected - b.reported / b.expected || b.overdue - a.overdue).slice(0, 5);
  const result = paged(session, "summary", page, msg("summary.title", { units: rows.length, reported, expected, percent: Math.round((reported / expected) * 100) }), rows.map(progressLine), [
    msg("summary.behind_title"),
    ...behind.map((r, i) => msg("summary.behind_line", { n: i + 1, unit: r.unitName, reported: r.reported, expected: r.expected, overdue: r.overdue })),
  ]);
  return withChart(result, page, person.id, "completeness_chart", rows, null);
}

/**
 * The view's chart as a photo after its first page (the outbox sends it; "Xem thêm" pages come
 * without it): for the period most of its lines are about.
 */
function withChart(result: TurnResult, page: number, personId: number, what: "completeness_chart" | "achievement_chart", rows: readonly UnitProgress[], unitId: number | null): TurnResult {
  if (page !== 0) return result;
  const counts = new Map<string, number>();
  for (const r of rows) if (r.periodKey) counts.set(r.periodKey, (counts.get(r.periodKey) ?? 0) + r.expected);
  const periodKey = [...counts].sort((a, b) => b[1] - a[1] || b[0].localeCompare(a[0]))[0]?.[0];
  if (!periodKey) return result;
  return { ...result, effects: [...result.effects, { type: "send_file", personId, file: { what, periodKey, unitId } }] };
}

/**
 * One page of a view: its title, PAGE_LINES lines (a group header stays with its lines), and, while
 * lines remain, a "Xem thêm" choice that shows the next page (typed "xem thêm" works too, for Zalo).
 * The footer (the units most behind) comes with the first page.
 */
function paged(session: Session, view: View, page: number, title: Message, body: Message[], footer: Message[]): TurnResult {
  const pages = paginateLines(body, PAGE_LINES, "overdue.group.");
  const current = Math.min(Math.max(0, page), pages.length - 1);
  const hasMore = current + 1 < pages.length;
  const lines = [title, ...(pages[current] ?? []), ...(current === 0 ? footer : []), ...(pages.length > 1 ? [msg("unit.page", { page: current + 1, pages: pages.length })] : [])];
  const out: OutMessage[] = [say(lines, hasMore ? [{ action: { type: "more" }, label: msg("button.more") }] : [])];
  return { session: offer({ ...session, flow: hasMore ? { flow: "unit_view", view, page: current } : null }, out), out, effects: [] };
}

function progressLine(r: UnitProgress): Message {
  return msg("progress.line", {
    unit: r.unitName,
    reported: r.reported,
    expected: r.expected,
    percent: r.expected ? Math.round((r.reported / r.expected) * 100) : 0,
    met: r.met,
    notMet: r.notMet,
    overdue: r.overdue,
  });
}

function canSeeUnit(ctx: ChatContext): boolean {
  const roles = ctx.person!.roles;
  return roles.includes("unit_head") || roles.includes("coordinator") || roles.includes("admin");
}

function refuse(session: Session, what: string): TurnResult {
  return done(session, [msg("role.not_allowed", { command: what }), msg(`role.not_allowed_hint.${what}`)]);
}

function done(session: Session, lines: Message[]): TurnResult {
  return { session: { ...session, flow: null, offered: [] }, out: [say(lines)], effects: [] };
}
