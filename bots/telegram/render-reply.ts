import type { InlineKeyboardButton, InlineKeyboardMarkup, LinkPreviewOptions } from "grammy/types";
import type { Choice, Reply } from "../../src/chat/types.ts";
import { graphemeBoundaryAtOrBefore, splitText } from "../split-text.ts";
import { TelegramAdapterError } from "./telegram-adapter-error.ts";

/** Telegram's limits: message text in UTF-16 code units, callback data in UTF-8 bytes. */
export const telegramLimits = { text: 4096, callbackDataBytes: 64, buttonLabel: 64, shortLabel: 18 } as const;

export interface TelegramMessage {
  text: string;
  reply_markup?: InlineKeyboardMarkup;
  link_preview_options: LinkPreviewOptions;
}

/**
 * One Reply as Telegram messages: plain text (no parse mode, so nothing the core writes can break
 * the markup), split at line breaks when it is too long, with the choices as an inline keyboard on
 * the last part so the buttons sit under the question.
 */
export function renderReply(reply: Reply): TelegramMessage[] {
  if (reply.text.trim() === "") {
    throw new TelegramAdapterError("EMPTY_REPLY", "Telegram refuses empty messages: give every Reply a text (the question the choices answer).");
  }
  const keyboard = reply.choices.length > 0 ? inlineKeyboard(reply.choices) : undefined;
  const parts = splitText(reply.text, telegramLimits.text);
  return parts.map((text, i) => ({
    text,
    ...(keyboard && i === parts.length - 1 ? { reply_markup: keyboard } : {}),
    // Reports quote links to documents; a preview card per message buries the figures.
    link_preview_options: { is_disabled: true },
  }));
}

/** Two buttons a row when every label fits half a phone's width, else one a row so none is cut off. */
function inlineKeyboard(choices: Choice[]): InlineKeyboardMarkup {
  const buttons = choices.map(toButton);
  const perRow = buttons.length > 1 && buttons.every((b) => b.text.length <= telegramLimits.shortLabel) ? 2 : 1;
  const rows: InlineKeyboardButton[][] = [];
  for (let i = 0; i < buttons.length; i += perRow) rows.push(buttons.slice(i, i + perRow));
  return { inline_keyboard: rows };
}

function toButton(choice: Choice): InlineKeyboardButton.CallbackButton {
  const bytes = Buffer.byteLength(choice.id, "utf8");
  if (bytes === 0) {
    throw new TelegramAdapterError("EMPTY_CHOICE_ID", `The choice labelled "${choice.label.slice(0, 40)}" has an empty id; Telegram needs 1–64 bytes of callback data.`);
  }
  if (bytes > telegramLimits.callbackDataBytes) {
    throw new TelegramAdapterError(
      "CALLBACK_DATA_TOO_LONG",
      `Choice id "${choice.id.slice(0, 80)}" is ${bytes} bytes; Telegram's callback_data holds at most ${telegramLimits.callbackDataBytes} bytes (a Vietnamese letter takes 2–3). Use a short ASCII id such as "item:12" and keep the long value in the session.`,
    );
  }
  const label = shortLabel(choice.label);
  if (label === "") {
    throw new TelegramAdapterError("EMPTY_CHOICE_LABEL", `Choice "${choice.id}" has an empty label; Telegram refuses buttons without text.`);
  }
  return { text: label, callback_data: choice.id };
}

function shortLabel(label: string): string {
  const flat = label.replace(/\s+/g, " ").trim();
  if (flat.length <= telegramLimits.buttonLabel) return flat;
  return `${flat.slice(0, graphemeBoundaryAtOrBefore(flat, telegramLimits.buttonLabel - 1)).trimEnd()}…`;
}

