import { splitText } from "../split-text.ts";
import type { Reply } from "../../src/chat/types.ts";

export interface TextReplyOptions {
  /** The transport's longest message (Zalo: 2,000 characters, counted in UTF-16 code units). */
  maxTextLength: number;
  /** The line under a numbered list of `count` choices ("Trả lời 1, 2 hoặc 3."), in the reader's language (chooseHint). */
  hint: (count: number) => string;
  /**
   * With wordsHint: the conversation waits for a figure or a note, where the core reads a typed "1"
   * as the value 1, not as the first choice. The choices are then named as words to type
   * ("Gõ "Bỏ qua" hoặc "Hủy"."), which the core understands at every step.
   */
  typedNumbersAreValues?: boolean;
  /** The line naming the choices as words (typeWordsHint). */
  wordsHint?: (labels: string[]) => string;
}

/**
 * One Reply as plain Zalo texts. Zalo has no buttons, so choices become a numbered list with a hint
 * line under it: the person types "2", and the core maps a typed number to the choice offered
 * second, as it does for Telegram's buttons (where a number would be read as a figure, the choices
 * are named as words instead). A long text is split on line boundaries (else spaces,
 * else between characters, never inside a surrogate pair or a grapheme); the list stays with the
 * last part, under the question it answers.
 */
export function renderTextReply(reply: Reply, options: TextReplyOptions): string[] {
  const max = options.maxTextLength;
  const text = reply.text.trim();
  if (reply.choices.length === 0) return splitText(text, max);
  const labels = reply.choices.map((c) => c.label.replace(/\s+/g, " ").trim());
  const list =
    options.typedNumbersAreValues && options.wordsHint ? options.wordsHint(labels) : [...labels.map((label, i) => `${i + 1}. ${label}`), options.hint(labels.length)].join("\n");
  if (list.length > max) return [...splitText(text, max), ...splitText(list, max)];
  const parts = splitText(text, max);
  const last = parts.pop();
  if (last === undefined) return [list];
  if (last.length + 2 + list.length <= max) return [...parts, `${last}\n\n${list}`];
  // The question's last lines keep the list under them when the list leaves them some room.
  const room = max - list.length - 2;
  if (room < minQuestionRoom) return [...parts, last, list];
  const tail = splitText(last, room);
  const question = tail.pop()!;
  return [...parts, ...tail, `${question}\n\n${list}`];
}

/** Below this, the list goes alone in the last message rather than under a sliver of the question. */
const minQuestionRoom = 200;
