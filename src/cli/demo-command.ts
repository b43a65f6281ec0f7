import { removeDemoPeople } from "../../db/seed/remove-demo-people.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/** `demo remove`: takes the demo people (and their public invite codes) out of a database before production. */
export async function demoCommand(ctx: CliContext, args: string[]): Promise<number> {
  const { say } = ctx;
  const [sub, ...rest] = args;
  if (sub !== "remove" || rest.length > 0) throw new CliError(say("ops.demo.usage"));
  const removed = await removeDemoPeople(ctx.db);
  ctx.out(removed.length === 0 ? say("ops.demo.none") : say("ops.demo.removed", { count: removed.length, names: removed.map((p) => p.name).join(", ") }));
  return 0;
}
