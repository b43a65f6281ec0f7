export type TelegramAdapterErrorCode =
  | "CALLBACK_DATA_TOO_LONG"
  | "EMPTY_CHOICE_ID"
  | "EMPTY_CHOICE_LABEL"
  | "EMPTY_REPLY"
  | "WEBHOOK_SECRET_MISSING";

/** A programming fault in how the adapter is used; the message says what to change. */
export class TelegramAdapterError extends Error {
  override name = "TelegramAdapterError";

  constructor(
    readonly code: TelegramAdapterErrorCode,
    message: string,
  ) {
    super(`${code}: ${message}`);
  }
}
