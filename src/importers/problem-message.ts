import type { Message } from "../chat/types.ts";
import type { ImportProblem } from "./types.ts";

/** An importer's problem in the reader's language. */
export function problemMessage(m: (message: Message) => string, p: ImportProblem): string {
  return p.message;
}
