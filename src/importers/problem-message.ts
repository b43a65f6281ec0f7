import type { Message } from "../chat/types.ts";
import type { ImportProblem } from "./types.ts";

/**
 * An importer's problem in the reader's language (`m`: a translator bound to a locale, as the
 * console's view.m and the CLI's say). A problem stored by an import made before problems had keys
 * has only its English sentence, which is shown as it is.
 */
export function problemMessage(m: (message: Message) => string, p: Pick<ImportProblem, "message"> & Partial<Pick<ImportProblem, "key" | "params">>): string {
  return p.key ? m({ key: `importer.problem.${p.key}`, params: p.params ?? {} }) : p.message;
}

/**
 * An item's review reason in the reader's language: an importer.problem.* message, or the English
 * sentence an import made before review reasons were messages stored (shown as it is).
 */
export function reviewReasonText(m: (message: Message) => string, reason: Message | string): string {
  return typeof reason === "string" ? reason : m(reason);
}
