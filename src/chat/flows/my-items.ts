import type { ChatContext, ItemView } from "../context.ts";
import { formatDue, formatValue, periodLabel, shorten, targetText } from "../format.ts";
import { msg, offer, say, type OutMessage, type TurnResult } from "../out.ts";
import type { Session } from "../session.ts";
import type { Message } from "../types.ts";
import { defaultPeriod } from "./report.ts";
import { paginateLines } from "../paginate-lines.ts";

/** Lines per message: keeps a page well inside Telegram's 4,096 and Zalo's 2,000 characters. */
const PAGE = 12;

/**
 * /chitieu: the person's items grouped as overdue / due / reported, numbered as "#n" so that a
 * one-line report ("#3 45") can name them. Long lists come in pages.
 */
export async function myItems(session: Session, ctx: ChatContext, page = 0): Promise<TurnResult> {
  const items = await ctx.lookups.itemsForPerson(ctx.person!.id);
  if (items.length === 0) return { session: { ...session, flow: null, offered: [] }, out: [say(msg("list.empty"))], effects: [] };
  const numbered = items.map((item, i) => ({ item, n: i + 1, period: defaultPeriod(item) }));
  // A figure the head returned is work to do again: it comes first, with the head's reason.
  const returned = (x: (typeof numbered)[number]) => x.period?.report?.approval?.status === "returned";
  const groups = {
    returned: numbered.filter(returned),
    overdue: numbered.filter((x) => x.period && !x.period.report && x.period.status === "overdue"),
    due: numbered.filter((x) => x.period && !x.period.report && x.period.status !== "overdue"),
    reported: numbered.filter((x) => x.period?.report && !returned(x)),
  };
  const lines: Message[] = [];
  for (const [group, list] of Object.entries(groups)) {
    if (list.length === 0) continue;
    lines.push(msg(`list.group.${group}`, { count: list.length }));
    for (const x of list) {
      lines.push(line(x.item, x.n, x.period!, ctx));
      const approval = x.period?.report?.approval;
      if (approval) lines.push(msg(`list.approval.${approval.status}`, { reason: approval.reason ?? "" }));
    }
  }
  // Group headers stay with their lines; a page is PAGE item lines (plus their headers).
  const pages = paginateLines(lines, PAGE, "list.group.");
  const current = Math.min(page, pages.length - 1);
  const body = pages[current] ?? [];
  const summary = msg("list.title", { total: items.length, overdue: groups.overdue.length, due: groups.due.length, reported: groups.reported.length, page: current + 1, pages: pages.length });
  const hasMore = current + 1 < pages.length;
  const out: OutMessage[] = [
    say([summary, ...body, ...(hasMore ? [] : [msg("list.footer", { example: footerExample(numbered) })])], [
      ...(hasMore ? [{ action: { type: "more" } as const, label: msg("button.more") }] : []),
      { action: { type: "command", command: "report" }, label: msg("menu.button.report") },
    ]),
  ];
  return { session: offer({ ...session, flow: hasMore ? { flow: "list", page: current } : null }, out), out, effects: [] };
}

/**
 * "cái gì quá hạn?" from a focal point who does not head a unit: their own overdue items, numbered
 * as in /chitieu, with a one-line report example taken from the first of them.
 */
export async function myOverdue(session: Session, ctx: ChatContext): Promise<TurnResult> {
  const items = await ctx.lookups.itemsForPerson(ctx.person!.id);
  const late = items.map((item, i) => ({ item, n: i + 1, period: defaultPeriod(item) })).filter((x) => x.period && !x.period.report && x.period.status === "overdue");
  if (late.length === 0) return { session: { ...session, flow: null, offered: [] }, out: [say(msg("list.no_overdue"))], effects: [] };
  const shown = late.slice(0, PAGE);
  const first = shown.find((x) => x.item.ref.subjectType === "indicator");
  const lines: Message[] = [
    msg("list.group.overdue", { count: late.length }),
    ...shown.map((x) => line(x.item, x.n, x.period!, ctx)),
    ...(late.length > shown.length ? [msg("overdue.more", { count: late.length - shown.length })] : []),
    ...(first ? [msg("report.example_line", { example: `#${first.n} ${exampleFigure(first.item)}` })] : []),
  ];
  const out: OutMessage[] = [say(lines, [{ action: { type: "command", command: "report" }, label: msg("menu.button.report") }])];
  return { session: offer({ ...session, flow: null }, out), out, effects: [] };
}

/** A figure of the item's kind, for examples: "72%", "15", "17/34". */
export function exampleFigure(item: ItemView): string {
  return { percent: "72%", count: "15", score: "0,73", rank: "17/34", money: "350 triệu", text: "" }[item.valueKind];
}

function line(item: ItemView, n: number, period: NonNullable<ReturnType<typeof defaultPeriod>>, ctx: ChatContext): Message {
  const name = shorten(item.name, 90);
  const base = { n, code: item.code, name, period: periodLabel(period.key), due: formatDue(period.dueAt, ctx.now) };
  if (period.report) {
    if (period.report.taskStatus) return msg("list.line_task_reported", { ...base, status: period.report.taskStatus });
    return msg("list.line_reported", { ...base, value: formatValue(period.report, item.valueKind, item.unitOfMeasure, ctx.person?.locale ?? ctx.defaultLocale) });
  }
  return msg(item.target ? "list.line_due_target" : "list.line_due", { ...base, target: item.target ? targetText(item.target.raw) : "" });
}

/** The list's quick-report example from the person's own first indicator: "#12 72%". */
function footerExample(numbered: { item: ItemView; n: number }[]): string {
  const first = numbered.find((x) => x.item.ref.subjectType === "indicator" && x.item.valueKind !== "text");
  return first ? `#${first.n} ${exampleFigure(first.item)}` : "#1 72";
}
