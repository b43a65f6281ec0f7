import { GrammyError, HttpError } from "grammy";

/**
 * An error as we log it. Never the error object itself: a GrammyError carries the call's payload,
 * which holds the message text we were sending, and texts stay out of the logs.
 */
export function describeError(err: unknown): Record<string, unknown> {
  if (err instanceof GrammyError) return { type: "GrammyError", method: err.method, errorCode: err.error_code, description: err.description };
  if (err instanceof HttpError) return { type: "HttpError", message: err.message };
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    return { type: err.name, message: err.message, ...(typeof code === "string" ? { code } : {}), stack: err.stack };
  }
  return { type: typeof err };
}
