import type { Db } from "../../db/client.ts";
import { loadConversation } from "../../db/repositories/chat-repository.ts";
import type { Clock } from "../../src/clock.ts";

/** The core's steps where a typed number is a figure or a note (src/chat/engine.ts, freeTextSteps). */
const freeTextSteps = new Set(["enter_value", "enter_note"]);

/**
 * Whether the chat's conversation now waits for a figure or a note, read from its stored session
 * after the turn: there the Zalo rendering names the choices as words, since "1" would be the value 1.
 * A stop-gap until a Reply says so itself; keep the step names in step with the engine's.
 */
export function freeTextStep(db: Db, clock: Clock): (chatId: string) => boolean {
  return (chatId) => {
    const session = loadConversation(db, "zalo", chatId, clock.now()) as { flow?: { step?: unknown } | null } | undefined;
    const step = session?.flow?.step;
    return typeof step === "string" && freeTextSteps.has(step);
  };
}
