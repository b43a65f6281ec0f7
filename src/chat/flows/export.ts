import type { Token } from "../../domain/tokenize-message.ts";
import { periodRange } from "../../domain/period-range.ts";
import type { ChatContext } from "../context.ts";
import { periodLabel } from "../format.ts";
import { msg, offer, say, type TurnResult } from "../out.ts";
import { readPeriod, type PeriodHint } from "../reader/read-period.ts";
import type { Session } from "../session.ts";

/** Hà Nội is UTC+7 all year: the month and year a message means are the ones on the wall there. */
const VN_OFFSET_MS = 7 * 3_600_000;

/**
 * /xuat: the workbook of the period, as a document in this chat. A coordinator (or admin) gets the
 * province's, a unit head their unit's (with its sub-units); others a polite refusal. A period that
 * is missing, unreadable or named twice is asked back, never guessed.
 */
export function exportTurn(session: Session, rest: readonly Token[], ctx: ChatContext): TurnResult {
  const person = ctx.person!;
  const done = (lines: ReturnType<typeof msg>[], effects: TurnResult["effects"] = []): TurnResult => ({ session: { ...session, flow: null, offered: [] }, out: [say(lines)], effects });
  const province = person.roles.includes("coordinator") || person.roles.includes("admin");
  if (!province && !person.roles.includes("unit_head")) return done([msg("role.not_allowed", { command: "export" }), msg("role.not_allowed_hint.export")]);
  if (!province && person.unitId === null) return done([msg("unit.no_unit")]);
  const period = periodOf(rest, ctx.now);
  if (period.kind === "ask") return askPeriod(session, period.why, ctx.now);
  if (period.kind === "future") return done([msg("export.period_not_started", { period: periodLabel(period.key) })]);
  const unitId = province ? null : person.unitId;
  return done([msg(province ? "export.preparing_province" : "export.preparing_unit", { period: periodLabel(period.key), unit: person.unitName ?? "" })], [
    { type: "send_file", personId: person.id, file: { what: "plan_workbook", periodKey: period.key, unitId } },
  ]);
}

/**
 * Which period: the latest ones as choices whose answer carries the period itself (a button
 * "xuat:2026-11", statelessChoice in session.ts; on Zalo the line's "/xuat 2026-11" to type back),
 * so nothing waits on the server for the answer — it works after a restart, or hours later.
 */
function askPeriod(session: Session, why: "missing" | "twice", now: Date): TurnResult {
  const keys = recentPeriods(now);
  const out = [
    say(
      [msg(why === "twice" ? "export.period_twice" : "export.which_period"), ...keys.map((key) => msg("export.period_option", { period: periodLabel(key), key })), msg("export.period_examples")],
      keys.map((key) => ({ action: { type: "export", periodKey: key } as const, label: msg("export.period_choice", { period: periodLabel(key) }) })),
    ),
  ];
  return { session: offer({ ...session, flow: null }, out), out, effects: [] };
}

/** The periods most often asked for, all begun: last month, this month, this quarter, this year. */
export function recentPeriods(now: Date): string[] {
  const wall = new Date(now.getTime() + VN_OFFSET_MS);
  const year = wall.getUTCFullYear();
  const month = wall.getUTCMonth() + 1;
  const monthKey = (y: number, m: number) => `${y}-${String(m).padStart(2, "0")}`;
  return [month === 1 ? monthKey(year - 1, 12) : monthKey(year, month - 1), monthKey(year, month), `${year}-Q${Math.ceil(month / 3)}`, String(year)];
}

type PeriodAnswer = { kind: "ok"; key: string } | { kind: "future"; key: string } | { kind: "ask"; why: "missing" | "twice" };

/**
 * The period key a request names. A month, quarter or half without a year is the latest one that
 * has begun ("tháng 11" in January 2027 is November 2026); the reply names the year it took.
 */
export function periodOf(rest: readonly Token[], now: Date): PeriodAnswer {
  const tokens = rest.filter((t) => t.kind !== "symbol" || t.key === "/" || t.key === "-");
  const bareYear = tokens.length === 1 && tokens[0]!.kind === "number" && /^20[2-5]\d$/.test(tokens[0]!.key) ? Number(tokens[0]!.key) : undefined;
  const isoKey = /^(\d{4})(?:-(\d{2}|Q[1-4]|H[12]|9M))?$/i.exec(rest.map((t) => t.key).join(""));
  if (isoKey && periodRange(isoKey[0].toUpperCase())) return checked(isoKey[0].toUpperCase(), now);
  const found = bareYear !== undefined ? { hint: { year: bareYear, text: String(bareYear) } as PeriodHint, taken: new Set([0]) } : readPeriod(tokens);
  if (!found) return { kind: "ask", why: "missing" };
  const left = tokens.filter((_, i) => !found.taken.has(i));
  if (readPeriod(left)) return { kind: "ask", why: "twice" };
  // "quý 3 2026": a year typed after the period without "/" or "năm".
  const trailingYear = left.length === 1 && left[0]!.kind === "number" && /^20[2-5]\d$/.test(left[0]!.key) ? Number(left[0]!.key) : undefined;
  const wall = new Date(now.getTime() + VN_OFFSET_MS);
  const thisYear = wall.getUTCFullYear();
  const thisMonth = wall.getUTCMonth() + 1;
  const h = found.hint;
  // The first month of the period the hint names, to pick the latest year in which it has begun.
  const firstMonth = h.month ?? (h.quarter !== undefined ? (h.quarter - 1) * 3 + 1 : h.half === 2 ? 7 : 1);
  const year = h.year ?? trailingYear ?? (firstMonth <= thisMonth ? thisYear : thisYear - 1);
  const key =
    h.month !== undefined ? `${year}-${String(h.month).padStart(2, "0")}`
    : h.quarter !== undefined ? `${year}-Q${h.quarter}`
    : h.half !== undefined ? `${year}-H${h.half}`
    : h.nineMonths ? `${year}-9M`
    : String(year);
  return checked(key, now);
}

function checked(key: string, now: Date): PeriodAnswer {
  const range = periodRange(key);
  if (!range) return { kind: "ask", why: "missing" };
  // Compared as dates on the wall in Hà Nội ("2026-12-01" > "2026-11-30").
  const today = new Date(now.getTime() + VN_OFFSET_MS).toISOString().slice(0, 10);
  return range.startsOn > today ? { kind: "future", key } : { kind: "ok", key };
}
