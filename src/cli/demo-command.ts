import { removeDemoPeople } from "../../db/seed/remove-demo-people.ts";
import { createTranslator } from "../i18n/translator.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/** `demo remove`: takes the demo people (and their public invite codes) out of a database before production. */
export async function demoCommand(ctx: CliContext, args: string[]): Promise<number> {
  const translator = createTranslator(ctx.config.DEFAULT_LOCALE);
  const say = (key: string, params?: Record<string, string | number>) => translator.t(ctx.config.DEFAULT_LOCALE, { key, ...(params ? { params } : {}) });
  const [sub, ...rest] = args;
  if (sub !== "remove" || rest.length > 0) throw new CliError(say("ops.demo.usage"));
  const removed = removeDemoPeople(ctx.db);
  ctx.out(removed.length === 0 ? say("ops.demo.none") : say("ops.demo.removed", { count: removed.length, names: removed.map((p) => p.name).join(", ") }));
  return 0;
}
