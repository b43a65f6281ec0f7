import { asc, count } from "drizzle-orm";
import type { Db } from "../../db/client.ts";
import { demoPeople } from "../../db/seed/demo-organisation.ts";
import { outbox, people, reminderDeliveries } from "../../db/schema.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { createChatLookups } from "../../src/services/chat-lookups.ts";
import { reportFigure } from "../../src/services/reporting.ts";
import { runReminderTick } from "../../src/services/reminders.ts";
import { tempDemoDatabase } from "../support/temp-database.ts";
import { testConfig } from "../support/test-config.ts";
import { asSent } from "../support/as-sent.ts";
import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";

/** Local wall-clock time in Hanoi → instant. */
export const vn = (local: string) => new Date(`${local}+07:00`);

/** "YYYY-MM-DD HH:MM" local, for readable expectations. */
export function localStamp(d: Date): string {
  return new Date(d.getTime() + 7 * 3_600_000).toISOString().slice(0, 16).replace("T", " ");
}

/**
 * The demo province on a real SQLite file, loaded at 00:00 on 1 November 2026, every demo person
 * linked through the chat host with their invite code (a Telegram-like chat per person), and the
 * reminder tick under a clock the test moves.
 */
export async function reminderWorld(env: Record<string, string> = {}) {
  const clock = fixedClock(vn("2026-11-01T00:00:00"));
  const t = await tempDemoDatabase(clock.now());
  const config = testConfig(t.dir, env);
  const translator = createTranslator(config.DEFAULT_LOCALE);
  const logger = createLogger("silent");
  const chat = createChatHost({ db: t.db, clock, translator, logger, defaultLocale: config.DEFAULT_LOCALE, sessionTtlMinutes: config.SESSION_TTL_MINUTES, calendar: calendarOfConfig(config) });
  const personByName = new Map((await t.db.select().from(people).all()).map((p) => [p.name, p]));
  const chatOf = new Map<number, string>();
  let update = 0;
  const send = (chatId: string, input: { text?: string; choice?: string }) =>
    chat.handle({ channel: "telegram", accountId: "", chatId, senderId: chatId, ...input, updateRef: `telegram:${++update}` });
  for (const [i, p] of demoPeople.entries()) {
    const chatId = String(7000 + i);
    await send(chatId, { text: `/start ${p.inviteCode}` });
    chatOf.set(personByName.get(p.name)!.id, chatId);
  }

  const world = {
    db: t.db,
    clock,
    config,
    translator,
    chat,
    remove: t.remove,
    person(name: string) {
      const p = personByName.get(name);
      if (!p) throw new Error(`no demo person "${name}"`);
      return p;
    },
    chatOf(name: string) {
      return chatOf.get(world.person(name).id)!;
    },
    send,
    tick: () => runReminderTick({ db: t.db, clock, config, logger }),
    /** What the person sees in the chat: their open items (the lookups the chat uses). */
    itemsOf: (name: string) => createChatLookups(t.db, clock.now()).itemsForPerson(world.person(name).id),
    async report(name: string, ref: { subjectType: "indicator" | "task"; subjectId: number; unitId: number }, periodKey: string, value: number) {
      return await reportFigure(t.db, { ...ref, periodKey, valueNumber: value, valueText: null, taskStatus: null, note: null, evidence: [], personId: world.person(name).id, channel: "telegram", sourceRef: null, now: clock.now() });
    },
    /** The outbox as queued, with each message's lines (its reminder_deliveries). */
    async messages() {
      const names = new Map((await t.db.select().from(people).all()).map((p) => [p.id, p.name]));
      const lines = await deliveryLines(t.db);
      return (await t.db
        .select()
        .from(outbox)
        .orderBy(asc(outbox.id))
        .all())
        .map((o) => {
          const payload = asSent(o);
          return {
            id: o.id,
            kind: o.kind,
            person: names.get(o.personId ?? -1) ?? "?",
            chatId: o.chatId,
            at: localStamp(o.createdAt),
            createdAt: o.createdAt,
            nextAttemptAt: o.nextAttemptAt,
            text: payload.text,
            choices: payload.choices ?? [],
            lines: lines.filter((l) => l.outboxId === o.id),
          };
        });
    },
    outboxCount: async () => (await t.db.select({ n: count() }).from(outbox).get())!.n,
    deliveriesOf: async (name: string) => (await deliveryLines(t.db)).filter((l) => l.personId === world.person(name).id),
  };
  return world;
}

export type ReminderWorld = Awaited<ReturnType<typeof reminderWorld>>;

/** A recorded line: its message's row (id, person, day, outbox row) with the line's own item, unit, period, kind and offset. */
export interface DeliveryLine {
  id: number;
  personId: number;
  messageKind: "reminder" | "escalation";
  subjectKey: string;
  unitId: number;
  periodKey: string;
  kind: "before" | "due_day" | "overdue" | "escalation";
  offsetDays: number;
  localDate: string;
  outboxId: number | null;
  createdAt: Date;
}

/** Every line of every recorded reminder message, in the order they were recorded. */
export async function deliveryLines(db: Db): Promise<DeliveryLine[]> {
  const rows = await db.select().from(reminderDeliveries).orderBy(asc(reminderDeliveries.id)).all();
  return rows.flatMap((r) =>
    r.lines.map(([subjectKey, unitId, periodKey, kind, offsetDays]) => ({ id: r.id, personId: r.personId, messageKind: r.kind, subjectKey, unitId, periodKey, kind, offsetDays, localDate: r.localDate, outboxId: r.outboxId, createdAt: r.createdAt })),
  );
}

/** Records one reminder line as a message of its own, as another writer would (the test's "sent elsewhere"). */
export async function recordDeliveryLine(db: Db, l: Pick<DeliveryLine, "personId" | "subjectKey" | "unitId" | "periodKey" | "kind" | "offsetDays" | "localDate">): Promise<void> {
  await db
    .insert(reminderDeliveries)
    .values({ personId: l.personId, kind: l.kind === "escalation" ? "escalation" : "reminder", localDate: l.localDate, linesHash: `test:${l.subjectKey}|${l.unitId}|${l.periodKey}|${l.kind}`, lines: [[l.subjectKey, l.unitId, l.periodKey, l.kind, l.offsetDays]] })
    .run();
}
