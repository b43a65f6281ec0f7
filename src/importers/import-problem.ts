import { createTranslator, type Translator } from "../i18n/translator.ts";
import type { ImportProblem } from "./types.ts";

let english: Translator | undefined;

/**
 * An importer's problem: its sentence is the locale message importer.problem.<key> (key: the code
 * unless given) with its params; `message` is that sentence in English, rendered once here.
 */
export function importProblem(p: Omit<ImportProblem, "key" | "message" | "params"> & { key?: string; params?: ImportProblem["params"] }): ImportProblem {
  const key = p.key ?? p.code;
  const params = p.params ?? {};
  english ??= createTranslator("en");
  return { line: p.line, severity: p.severity, code: p.code, key, params, message: english.t("en", { key: `importer.problem.${key}`, params }), text: p.text };
}
