import type { ChannelCapabilities } from "../channel-capabilities.ts";
import type { PersonView } from "../context.ts";
import { msg, say, type OutMessage } from "../out.ts";
import type { Command } from "../session.ts";

/**
 * What this person can do, as choices: focal points report, heads check, coordinators compile, and
 * anyone picks the language. Every command the menu names is a choice. With buttons, a line per
 * command shows its slash command above the keyboard; without (Zalo), the choices are the one
 * numbered list of the message.
 */
export function menuFor(person: PersonView, channel: ChannelCapabilities): OutMessage {
  const commands: Command[] = [];
  if (person.roles.includes("focal_point")) commands.push("report", "list", "correct");
  if (person.roles.includes("unit_head")) commands.push("approve");
  if (person.roles.includes("unit_head") || person.roles.includes("coordinator")) commands.push("overdue", "progress");
  if (person.roles.includes("coordinator") || person.roles.includes("admin")) commands.push("summary");
  const lines = channel.buttons ? [...commands.map((c) => msg(`menu.line.${c}`)), msg("menu.line.language")] : [];
  return say(
    [msg("menu.title"), ...lines],
    [
      ...commands.map((c) => ({ action: { type: "command", command: c } as const, label: msg(`menu.button.${c}`) })),
      { action: { type: "ask_language" }, label: msg("menu.button.language") },
    ],
  );
}
