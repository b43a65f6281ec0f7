import { createTranslator, type Translator } from "../i18n/translator.ts";
import type { Message } from "../chat/types.ts";
import type { ImportProblem } from "./types.ts";

let english: Translator | undefined;

/** A problem's sentence as a message: what an item's reviewReasons keep, shown in the reader's language. */
export function problemAsMessage(p: Pick<ImportProblem, "key" | "params">): Message {
  return { key: `importer.problem.${p.key}`, params: p.params };
}

/**
 * An importer's problem: its sentence is the locale message importer.problem.<key> (key: the code
 * unless given) with its params; `message` is that sentence in English, rendered once here.
 */
export function importProblem(p: Omit<ImportProblem, "key" | "message" | "params"> & { key?: string; params?: ImportProblem["params"] }): ImportProblem {
  const key = p.key ?? p.code;
  const params = p.params ?? {};
  english ??= createTranslator("en");
  const message = english.t("en", { key: `importer.problem.${key}`, params });
  return { line: p.line, severity: p.severity, code: p.code, key, params, message, text: p.text, ...(p.detail === undefined ? {} : { detail: p.detail }) };
}
