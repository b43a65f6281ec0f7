import type { PersonView } from "../context.ts";
import { msg, say, type OutMessage } from "../out.ts";
import type { Command } from "../session.ts";

/** What this person can do, as choices: focal points report, heads check, coordinators compile. */
export function menuFor(person: PersonView): OutMessage {
  const commands: Command[] = [];
  if (person.roles.includes("focal_point")) commands.push("report", "list", "correct");
  if (person.roles.includes("unit_head") || person.roles.includes("coordinator")) commands.push("overdue", "progress");
  if (person.roles.includes("coordinator") || person.roles.includes("admin")) commands.push("summary");
  return say(
    [msg("menu.title"), ...commands.map((c) => msg(`menu.line.${c}`)), msg("menu.line.language")],
    commands.map((c) => ({ action: { type: "command", command: c }, label: msg(`menu.button.${c}`) })),
  );
}
