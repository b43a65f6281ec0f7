import type { ChatContext, UnitProgress } from "../context.ts";
import { formatDue, periodLabel, shorten, targetText } from "../format.ts";
import { msg, say, type TurnResult } from "../out.ts";
import type { Session } from "../session.ts";
import type { Message } from "../types.ts";

/** Lines per answer, so that one message stays inside Telegram's 4,096 characters. */
const MAX_LINES = 20;

/** /quahan: the overdue and due-soon items of the head's unit and its sub-units, in one message. */
export function overdue(session: Session, ctx: ChatContext): TurnResult {
  const person = ctx.person!;
  if (!canSeeUnit(ctx)) return refuse(session, "overdue");
  if (person.unitId === null) return done(session, [msg("unit.no_unit")]);
  const lines = ctx.lookups.overdueForUnit(person.unitId);
  if (lines.length === 0) return done(session, [msg("overdue.none", { unit: person.unitName ?? "" })]);
  const overdueLines = lines.filter((l) => l.status === "overdue");
  const soonLines = lines.filter((l) => l.status === "due_soon");
  const out: Message[] = [msg("overdue.title", { unit: person.unitName ?? "", overdue: overdueLines.length, soon: soonLines.length })];
  let shown = 0;
  for (const [group, list] of [["overdue", overdueLines], ["soon", soonLines]] as const) {
    if (list.length === 0) continue;
    out.push(msg(`overdue.group.${group}`));
    for (const l of list) {
      if (shown >= MAX_LINES) break;
      shown += 1;
      out.push(
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
  if (lines.length > shown) out.push(msg("overdue.more", { count: lines.length - shown }));
  return done(session, out);
}

/** /tiendo: completeness and achievement of the head's unit (and sub-units) for the open period. */
export function progress(session: Session, ctx: ChatContext): TurnResult {
  const person = ctx.person!;
  if (!canSeeUnit(ctx)) return refuse(session, "progress");
  if (person.unitId === null) return done(session, [msg("unit.no_unit")]);
  const rows = ctx.lookups.progressForUnit(person.unitId);
  if (rows.length === 0) return done(session, [msg("progress.nothing", { unit: person.unitName ?? "" })]);
  return done(session, [msg("progress.title", { unit: person.unitName ?? "" }), ...unitLines(rows)]);
}

/** /tonghop: province-wide completeness by unit, and the units most behind. */
export function summary(session: Session, ctx: ChatContext): TurnResult {
  const person = ctx.person!;
  if (!person.roles.includes("coordinator") && !person.roles.includes("admin")) return refuse(session, "summary");
  const rows = ctx.lookups.provinceProgress().filter((r) => r.expected > 0);
  if (rows.length === 0) return done(session, [msg("summary.nothing")]);
  const expected = rows.reduce((s, r) => s + r.expected, 0);
  const reported = rows.reduce((s, r) => s + r.reported, 0);
  const behind = [...rows].sort((a, b) => a.reported / a.expected - b.reported / b.expected || b.overdue - a.overdue).slice(0, 5);
  return done(session, [
    msg("summary.title", { units: rows.length, reported, expected, percent: Math.round((reported / expected) * 100) }),
    ...unitLines(rows),
    msg("summary.behind_title"),
    ...behind.map((r, i) => msg("summary.behind_line", { n: i + 1, unit: r.unitName, reported: r.reported, expected: r.expected, overdue: r.overdue })),
  ]);
}

/** The first MAX_LINES units, and how many more there are: none is left out silently. */
function unitLines(rows: UnitProgress[]): Message[] {
  const lines = rows.slice(0, MAX_LINES).map(progressLine);
  return rows.length > MAX_LINES ? [...lines, msg("progress.more_units", { count: rows.length - MAX_LINES })] : lines;
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

