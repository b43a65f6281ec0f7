import type { Locale } from "../i18n/translator.ts";
import type { Inbound, Reply } from "./types.ts";

/**
 * What a channel adapter calls. The implementation (src/services/chat-host.ts) loads the session,
 * runs the core, applies its effects and saves the session in one SQLite transaction, and returns
 * the rendered replies. Adapters stay thin: map the update to an Inbound, send the replies.
 */
export interface ChatService {
  handle(inbound: Inbound): Promise<ChatOutcome>;
  /** Records that a chat blocked (true) or unblocked (false) the bot. */
  setBlocked(channel: Inbound["channel"], accountId: string, senderId: string, blocked: boolean): Promise<void>;
  /**
   * Claims an inbound update id before any work; false when it was seen already (a redelivery).
   * Ids are remembered for 48 hours, not as a maximum: Telegram's ids restart after a quiet week.
   */
  claimUpdate(channel: Inbound["channel"], updateId: string): Promise<boolean>;
  /**
   * The adapter is done with a claimed update (answered, failed, or nothing to do). Its claim is
   * recorded with its turn's commit; one that no turn took along is recorded now. Until one of the
   * two, a crash leaves the update unhandled, and its redelivery is handled.
   */
  finishUpdate(channel: Inbound["channel"], updateId: string): Promise<void>;
  /**
   * Replies of a turn that has committed but could not be sent directly (a network error): the
   * outbox sends them, retrying, so a saved figure is never answered with an error.
   */
  queueReplies(inbound: Inbound, replies: Reply[]): Promise<void>;
}

export interface ChatOutcome {
  replies: Reply[];
  /** The language the replies are in: an adapter writes the lines it adds itself (a hint, an apology) in it too. */
  locale: Locale;
  /**
   * The conversation now waits for a typed figure or note: a bare "1" would be that value, not the
   * first choice. Text-only channels then name the choices as words rather than numbers.
   */
  expectsText: boolean;
  /** A reference id the user can quote when something went wrong on our side. */
  errorRef?: string;
}
