import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { resolveDevUser } from "../../bots/devchat/resolve-dev-user.ts";
import { closeDatabase } from "../../db/client.ts";
import { openConfiguredDatabase } from "../open-configured-database.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import type { Reply } from "../chat/types.ts";
import { systemClock } from "../clock.ts";
import { demoWanted, loadConfig } from "../config.ts";
import { createTranslator } from "../i18n/translator.ts";
import { loadDotEnv } from "../load-dot-env.ts";
import { createLogger } from "../logger.ts";
import { createChatHost } from "../services/chat-host.ts";
import { calendarOfConfig } from "../services/calendar-of-config.ts";

/**
 * `npm run chat -- --as <phone|name|id>`: the dev chat in a terminal, on the service's database.
 * Choices print as a numbered list; type the number, the words, or /quit.
 */
async function main(): Promise<void> {
  const { values } = parseArgs({ options: { as: { type: "string" } } });
  if (!values.as) {
    process.stderr.write("Usage: npm run chat -- --as <phone|name|id>   (e.g. --as 0912000001; link first with the person's invite code)\n");
    process.exit(2);
  }
  loadDotEnv();
  const config = loadConfig();
  if (config.NODE_ENV === "production") {
    process.stderr.write("The dev chat is refused when NODE_ENV=production.\n");
    process.exit(2);
  }
  const db = await openConfiguredDatabase(config);
  if (demoWanted(config)) await loadDemoData(db, systemClock.now());
  const chat = createChatHost({ db, clock: systemClock, translator: createTranslator(config.DEFAULT_LOCALE), logger: createLogger("silent"), defaultLocale: config.DEFAULT_LOCALE, sessionTtlMinutes: config.SESSION_TTL_MINUTES, calendar: calendarOfConfig(config) });
  const chatId = await resolveDevUser(db, values.as);
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  process.stdout.write(`Chatting as ${values.as} (${chatId}). Type /quit to leave.\n`);
  let lastChoices: Reply["choices"] = [];
  rl.setPrompt("> ");
  rl.prompt();
  try {
    // Reading lines as they come (not question()) keeps piped input: nothing is dropped between prompts.
    for await (const line of rl) {
      if (line.trim() === "/quit") break;
      const n = /^\s*(\d{1,2})\s*$/.exec(line);
      const choice = n ? lastChoices[Number(n[1]) - 1] : undefined;
      const { replies } = await chat.handle({ channel: "devchat", accountId: "", chatId, senderId: chatId, ...(choice ? { choice: choice.id } : { text: line }) });
      for (const r of replies) {
        process.stdout.write(`\n${r.text}\n`);
        r.choices.forEach((c, i) => process.stdout.write(`  ${i + 1}. ${c.label}\n`));
      }
      lastChoices = replies.at(-1)?.choices ?? [];
      process.stdout.write("\n");
      rl.prompt();
    }
  } finally {
    rl.close();
    await closeDatabase(db);
  }
}

void main();
