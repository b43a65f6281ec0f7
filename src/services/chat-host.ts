import { randomBytes } from "node:crypto";
import type { Logger } from "pino";
import { inTransaction, type Db } from "../../db/client.ts";
import { ensureChatAccount, findChatAccount, linkChatAccount, setChatAccountBlocked, type ConversationAddress } from "../../db/repositories/chat-repository.ts";
import { writeAudit } from "../../db/repositories/audit-repository.ts";
import { findInviteCode, findPersonById, findPersonByPhone, markInviteCodeUsed, setPersonLocale } from "../../db/repositories/people-repository.ts";
import { deleteActiveSnoozes, insertSnooze } from "../../db/repositories/reminders-repository.ts";
import { phoneNumber } from "../domain/phone-number.ts";
import type { ChatOutcome, ChatService } from "../chat/chat-service.ts";
import type { ChatContext } from "../chat/context.ts";
import { runTurn, waitsForText } from "../chat/engine.ts";
import { channelCapabilities } from "../chat/channel-capabilities.ts";
import { welcomeTurn } from "../chat/flows/link.ts";
import type { Effect, OutMessage, TurnResult } from "../chat/out.ts";
import type { Inbound, Message, Reply } from "../chat/types.ts";
import type { Clock } from "../clock.ts";
import type { Locale, Translator } from "../i18n/translator.ts";
import { issueLoginLink, LOGIN_LINK_TTL_MS } from "../console/console-auth.ts";
import { createChatLookups } from "./chat-lookups.ts";
import { personView } from "./person-view.ts";
import { startBroadcast } from "./broadcasts.ts";
import { PeriodClosedError, reportFigure } from "./reporting.ts";
import { approveFigure, closePeriod, listWaitingFigures, reopenPeriod, returnFigure, unlockers } from "./approvals.ts";
import { noticeReturnedFigure } from "./approval-notices.ts";
import { periodLabel } from "../chat/format.ts";
import { unitSubtreeIds } from "../../db/repositories/units-repository.ts";
import { createUpdateClaims, UpdateHandledElsewhere } from "./update-claims.ts";
import { groupDecision } from "./group-policy.ts";
import { nextAllowedInstant, type WorkingCalendar } from "../domain/working-calendar.ts";
import { render } from "../i18n/render.ts";
import { chatFilesOf } from "./chat-files.ts";
import { queuePersonMessage, queueRenderedReplies, readSession, readSessionWithAccount, writeSession } from "./host-outbound.ts";

export interface ChatHostDeps {
  db: Db;
  clock: Clock;
  translator: Translator;
  logger: Logger;
  defaultLocale: Locale;
  sessionTtlMinutes: number;
  /** GROUPS_ENABLED: members of a group talk to the bot there, each in their own conversation (group-policy.ts). */
  groupsEnabled?: boolean;
  /** QUIET_HOURS and HOLIDAYS (calendarOfConfig): broadcasts wait for the next working moment unless sent "now". */
  calendar: WorkingCalendar;
  /** Where console login links point (consoleBaseUrl: PUBLIC_URL, else the listen address). */
  consoleBaseUrl?: string | (() => string);
}

/**
 * The host around the pure conversation core: in one transaction, loads the account and session,
 * runs one turn, applies the effects and saves the session; then renders the replies (src/i18n/render.ts,
 * the render path the outbox's rows take too). What reaches people outside a turn goes through
 * host-outbound.ts, which also owns reading and writing sessions.
 */
export function createChatHost(deps: ChatHostDeps): ChatService {
  const { db, clock, translator, logger } = deps;
  const updateClaims = createUpdateClaims(db, clock, logger);

  async function handleTurn(inbound: Inbound): Promise<ChatOutcome> {
    const now = clock.now();
    // The whole turn is one transaction: its reads see one state of the database and pay for the
    // locks once, and what it read is what its effects and session are written against. Immediate,
    // because it ends by writing (the session): a deferred one could not upgrade its read once
    // another connection — the CLI — had committed meanwhile. Rendering comes after, outside.
    // The update's own claim is written in it too (update-claims): handled means committed.
    // In a group, the conversation is the sender's own: nobody else's message or press reaches it.
    const address = { channel: inbound.channel, accountId: inbound.accountId, chatId: inbound.inGroup ? `${inbound.chatId}#${inbound.senderId}` : inbound.chatId };
    // On PostgreSQL the claim's statement takes the chat's turn lock too (one round trip): then the session is read without taking it again.
    const { out, locale, expectsText, choiceIds, claim } = await inTransaction(
      db,
      async () => {
        const claim = await updateClaims.writeClaimOf(inbound.updateRef, address);
        return { claim, ...(await answerWithoutTurn(inbound, now) ?? await runHostedTurn(inbound, address, now, claim !== undefined)) };
      },
      "immediate",
    );
    updateClaims.settle(claim);
    return { replies: renderReplies(out, locale, choiceIds, channelCapabilities(inbound.channel).buttons), locale, expectsText };
  }

  /**
   * A message no turn may answer: an edit (it would answer the current question with an old
   * message), or one the group rules stop. One localized line, nothing else changes.
   */
  async function answerWithoutTurn(inbound: Inbound, now: Date): Promise<HostedTurn | undefined> {
    const decision = await groupDecision(db, inbound, deps.groupsEnabled ?? false, now);
    if (decision.type === "silent") return { out: [], locale: deps.defaultLocale, expectsText: false, choiceIds: [] };
    if (decision.type === "answer") return answerOnly(inbound, decision.message);
    if (inbound.edited) return answerOnly(inbound, { key: "edit.not_applied" });
    return undefined;
  }

  async function answerOnly(inbound: Inbound, message: Message): Promise<HostedTurn> {
    return { out: [{ lines: [message], choices: [] }], locale: await knownLocale(inbound) ?? deps.defaultLocale, expectsText: false, choiceIds: [] };
  }

  async function runHostedTurn(inbound: Inbound, address: ConversationAddress, now: Date, chatLocked: boolean): Promise<HostedTurn> {
    const sender = { channel: inbound.channel, accountId: inbound.accountId, externalUserId: inbound.senderId };
    // The account and the session in one read when the chat's lock is held already; a first contact reads them apart.
    const read = await readSessionWithAccount(db, sender, address, now, { lockHeld: chatLocked });
    const account = await ensureChatAccount(db, { ...sender, ...(inbound.inGroup ? { inGroup: true } : {}), displayName: inbound.senderName ?? null }, read && { existing: read.account });
    const person = account.personId ? await personView(db, account.personId, deps.defaultLocale) : null;
    const session = read?.session ?? await readSession(db, address, now, { lockHeld: chatLocked });
    const ctx: ChatContext = { now, channel: channelCapabilities(inbound.channel), person, defaultLocale: deps.defaultLocale, broadcastsFrom: nextAllowedInstant(now, deps.calendar), lookups: createChatLookups(db, now) };
    const turn: TurnState = { result: await runTurn(session, inbound, ctx), locale: person?.locale ?? deps.defaultLocale, linkedPersonId: person?.id ?? null };
    const apply = effectHandlers({ inbound, now, account, ctx, turn });
    for (const effect of turn.result.effects) await applyEffect(apply, effect);
    const { result, locale, linkedPersonId } = turn;
    await writeSession(db, address, { personId: linkedPersonId, session: result.session, now, ttlMs: deps.sessionTtlMinutes * 60_000 });
    return { out: result.out, locale, expectsText: waitsForText(result.session), choiceIds: result.session.offered.map((c) => c.id) };
  }

  /**
   * What each effect does, in the turn's transaction: one handler per Effect type, in a table the
   * compiler checks (EffectHandlers), so a new effect without a handler does not compile.
   */
  function effectHandlers({ inbound, now, account, ctx, turn }: EffectScope): EffectHandlers {
    const replaceReply = (message: Message) => {
      turn.result = { ...turn.result, out: [{ lines: [message], choices: [] }] };
    };
    return {
      async link_account(effect) {
        if (effect.code !== undefined) {
          const invite = await findInviteCode(db, effect.code);
          if (!invite || invite.usedAt || invite.expiresAt <= now || invite.personId !== effect.personId) return replaceReply({ key: "link.code_used", params: { code: effect.code } });
          await markInviteCodeUsed(db, invite.code, account.id, now);
        } else if (!inbound.phone || (await findPersonByPhone(db, phoneNumber(inbound.phone) ?? ""))?.id !== effect.personId) {
          // Linking without a code is only for the phone the transport vouched for, in this very message.
          return replaceReply({ key: "link.unknown_account" });
        }
        await linkChatAccount(db, account.id, effect.personId, now);
        await writeAudit(db, { at: now, actorPersonId: effect.personId, actor: inbound.channel, action: effect.code ? "account.link_code" : "account.link_phone", entity: "chat_account", entityId: String(account.id) });
        const linked = await personView(db, effect.personId, deps.defaultLocale);
        turn.linkedPersonId = effect.personId;
        turn.locale = linked?.locale ?? turn.locale;
        turn.result = welcomeTurn(turn.result.session, { ...ctx, person: linked });
      },
      async save_report(effect) {
        const d = effect.draft;
        try {
          await reportFigure(db, {
            subjectType: d.item.subjectType,
            subjectId: d.item.subjectId,
            unitId: d.item.unitId,
            periodKey: d.periodKey,
            valueNumber: d.valueNumber,
            valueText: d.valueText,
            taskStatus: d.taskStatus,
            note: d.note,
            evidence: d.evidence,
            personId: effect.personId,
            channel: inbound.channel,
            sourceRef: inbound.updateRef ?? null,
            now,
          });
        } catch (err) {
          if (!(err instanceof PeriodClosedError)) throw err;
          replaceReply({ key: "report.period_closed", params: { period: periodLabel(d.periodKey), who: await unlockersOf(db) } });
        }
      },
      async approve_figures(effect) {
        // The core checked each revision in this same transaction; a figure that still moved on is said, never approved unseen.
        const actor = { personId: effect.personId, name: ctx.person?.name ?? inbound.channel };
        const unitIds = await unitSubtreeIds(db, effect.unitId);
        const outcomes = [];
        for (const f of effect.figures) outcomes.push(await approveFigure(db, { ...f, actor, unitIds, now }));
        const refused = outcomes.find((o) => o.status !== "approved");
        if (refused) replaceReply(await decisionRefusal(db, refused.status));
      },
      async return_figure(effect) {
        const unitIds = await unitSubtreeIds(db, effect.unitId);
        const figure = (await listWaitingFigures(db, unitIds)).find((w) => w.reportId === effect.reportId);
        const outcome = await returnFigure(db, { reportId: effect.reportId, revision: effect.revision, reason: effect.reason, actor: { personId: effect.personId, name: ctx.person?.name ?? inbound.channel }, unitIds, now });
        if (outcome.status !== "returned" || !figure) return replaceReply(await decisionRefusal(db, outcome.status));
        await noticeReturnedFigure(db, { figure, reporterPersonId: outcome.reporterPersonId, headName: ctx.person?.name ?? "", reason: effect.reason, now, ttlMs: deps.sessionTtlMinutes * 60_000 });
      },
      async set_period_lock(effect) {
        await (effect.close ? closePeriod : reopenPeriod)(db, effect.periodKey, { personId: effect.personId, name: ctx.person?.name ?? inbound.channel }, now);
      },
      async snooze(effect) {
        const until = new Date(effect.until);
        for (const item of effect.items ?? [null]) {
          await insertSnooze(db, { personId: effect.personId, subjectKey: item?.subjectKey ?? null, unitId: item?.unitId ?? null, until, now });
        }
      },
      async start_broadcast(effect) {
        await startBroadcast(
          db,
          { audience: effect.audience, text: effect.text, source: "chat", createdByPersonId: effect.personId, notBefore: effect.urgent ? now : nextAllowedInstant(now, deps.calendar), progress: { channel: inbound.channel, accountId: inbound.accountId, chatId: inbound.senderId, locale: turn.locale } },
          now,
        );
      },
      async set_locale(effect) {
        await setPersonLocale(db, effect.personId, effect.locale);
        await writeAudit(db, { at: now, actorPersonId: effect.personId, actor: inbound.channel, action: "person.set_locale", entity: "person", entityId: String(effect.personId), details: { locale: effect.locale } });
        turn.locale = effect.locale;
      },
      async resume_reminders(effect) {
        await deleteActiveSnoozes(db, effect.personId, now);
      },
      async issue_console_link(effect) {
        // In a group everyone would read the link: it is sent only in a private chat.
        const issued = inbound.inGroup ? { type: "private_only" as const } : await issueLoginLink(db, effect.personId, baseUrlOf(deps.consoleBaseUrl), now);
        replaceReply(issued.type === "link" ? { key: "web.link", params: { url: issued.url, minutes: LOGIN_LINK_TTL_MS / 60_000 } } : { key: `web.${issued.type}` });
      },
      async send_file(effect) {
        // Written with the turn, sent by the outbox: the bytes are built when it sends (with-outbox-files.ts).
        const turnRef = inbound.updateRef ?? `${inbound.channel}:${inbound.chatId}:${now.getTime()}:${randomBytes(4).toString("hex")}`;
        const to = { channel: inbound.channel, accountId: inbound.accountId, chatId: inbound.chatId, personId: effect.personId };
        for (const [i, { file, caption }] of (await chatFilesOf(db, effect.file, turn.locale)).entries()) {
          await queuePersonMessage(db, { to, locale: turn.locale, kind: "file", dedupKey: `file:${turnRef}:${effect.file.what}:${i}`, lines: [caption], file }, now);
        }
      },
    };
  }

  const t = rememberedTranslations();

  /** The replies as channels show them; the last message's buttons carry the ids the session offered (offerChoices). */
  function renderReplies(out: OutMessage[], locale: Locale, choiceIds: string[], buttons: boolean): Reply[] {
    return out.flatMap((m, index) => {
      const chunks = splitAtLines(m.lines.map((line) => t(locale, line, buttons)), MAX_REPLY_LENGTH);
      // Only the last message's choices are live (the session maps their ids to what they mean).
      const choices = index === out.length - 1 ? m.choices.map((c, i) => ({ id: choiceIds[i] ?? `c${i + 1}`, label: t(locale, c.label, buttons) })) : [];
      return chunks.map((text, i) => ({ text, choices: i === chunks.length - 1 ? choices : [] }));
    });
  }

  /** The linked person's language for the apology, read defensively: the database may be what failed. */
  async function knownLocale(inbound: Inbound): Promise<Locale | undefined> {
    try {
      const account = await findChatAccount(db, inbound.channel, inbound.accountId, inbound.senderId);
      const locale = account?.personId ? (await findPersonById(db, account.personId))?.locale : undefined;
      return locale === "vi" || locale === "en" ? locale : undefined;
    } catch {
      return undefined;
    }
  }

  return {
    async handle(inbound) {
      try {
        return await handleTurn(inbound);
      } catch (err) {
        // Another instance handled this very update (a redelivery that reached both): it answered; this one stays silent.
        if (err instanceof UpdateHandledElsewhere) return { replies: [], locale: deps.defaultLocale, expectsText: false };
        const errorRef = randomBytes(4).toString("hex").toUpperCase();
        logger.error({ err, errorRef, channel: inbound.channel, chatId: inbound.chatId }, "chat turn failed");
        const locale = await knownLocale(inbound) ?? deps.defaultLocale;
        return { replies: [{ text: render({ key: "error.internal", params: { ref: errorRef } }, locale), choices: [] }], locale, expectsText: false, errorRef };
      }
    },
    async setBlocked(channel, accountId, senderId, blocked) {
      await setChatAccountBlocked(db, channel, accountId, senderId, blocked ? clock.now() : null);
    },
    claimUpdate: updateClaims.claim,
    finishUpdate: updateClaims.finish,
    async queueReplies(inbound, replies) {
      const now = clock.now();
      const turn = inbound.updateRef ?? `${inbound.channel}:${inbound.chatId}:${now.getTime()}:${randomBytes(4).toString("hex")}`;
      await inTransaction(db, async () => await queueRenderedReplies(db, { channel: inbound.channel, accountId: inbound.accountId, chatId: inbound.chatId, personId: null }, turn, replies, now));
    },
  };
}

/** What a turn's effects may change: its result (a refused link answers differently), the language, who is linked. */
interface TurnState {
  result: TurnResult;
  locale: Locale;
  linkedPersonId: number | null;
}

interface EffectScope {
  inbound: Inbound;
  now: Date;
  account: { id: number };
  ctx: ChatContext;
  turn: TurnState;
}

/** One handler per effect type: a missing one is a compile error. */
type EffectHandlers = { [K in Effect["type"]]: (effect: Extract<Effect, { type: K }>) => Promise<void> };

async function applyEffect(handlers: EffectHandlers, effect: Effect): Promise<void> {
  await (handlers[effect.type] as (effect: Effect) => Promise<void>)(effect);
}

/** The coordinators by name, for "ask … to unlock"; the Department when none is registered. */
async function unlockersOf(db: Db): Promise<string | Message> {
  const names = await unlockers(db);
  return names.length ? names.join(", ") : { key: "approve.unlocker_fallback" };
}

/** Why a head's decision was not applied, in their words. */
async function decisionRefusal(db: Db, status: string): Promise<Message> {
  if (status === "locked") return { key: "approve.locked", params: { who: await unlockersOf(db) } };
  if (status === "not_allowed") return { key: "approve.not_allowed" };
  return { key: "approve.changed" };
}

/** The console's origin; tests listening on port 0 know it only after the host is made. */
function baseUrlOf(base: ChatHostDeps["consoleBaseUrl"]): string {
  return (typeof base === "function" ? base() : base) ?? "http://127.0.0.1:3000";
}

interface HostedTurn {
  out: OutMessage[];
  locale: Locale;
  expectsText: boolean;
  choiceIds: string[];
}

/** Past this many rendered lines the memory of rememberedTranslations starts again. */
const MAX_REMEMBERED = 2_000;

/**
 * A message renders the same every time (the translator's resources are loaded once), and most
 * lines of a turn are the same from turn to turn: buttons, titles, questions, an item's name. i18next
 * costs several times more than serialising the message to look it up, so rendered lines are kept.
 */
function rememberedTranslations(): (locale: Locale, message: Message, buttons: boolean) => string {
  const remembered = new Map<string, string>();
  return (locale, message, buttons) => {
    const key = `${locale}|${buttons ? "b" : "t"}|${JSON.stringify(message)}`;
    let text = remembered.get(key);
    if (text === undefined) {
      text = render(message, locale, { buttons });
      if (remembered.size >= MAX_REMEMBERED) remembered.clear();
      remembered.set(key, text);
    }
    return text;
  };
}

/** Inside Telegram's 4,096 characters with room to spare; channels with less split further. */
const MAX_REPLY_LENGTH = 4000;

/** Whole lines per chunk; a single line longer than the limit is cut. */
function splitAtLines(lines: string[], max: number): string[] {
  const chunks: string[] = [];
  let current = "";
  for (const raw of lines) {
    const line = raw.length > max ? `${raw.slice(0, max - 1)}…` : raw;
    if (current && current.length + 1 + line.length > max) {
      chunks.push(current);
      current = line;
    } else current = current ? `${current}\n${line}` : line;
  }
  return [...chunks, current];
}

