import { closeDatabase, openDatabase } from "../../db/client.ts";
import { openConfiguredDatabase } from "../open-configured-database.ts";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { ConfigError, demoWanted, loadConfig } from "../config.ts";
import { loadDotEnv } from "../load-dot-env.ts";
import { secureDataFolder } from "../secure-data-folder.ts";
import { assignCommand } from "./assign-command.ts";
import { catalogueCommand } from "./catalogue-command.ts";
import { exportCommand } from "./export-command.ts";
import { CliError, type CliContext } from "./cli-context.ts";
import { parseCommand } from "./parse-command.ts";
import { scheduleCommand } from "./schedule-command.ts";
import { peopleCommand } from "./people-command.ts";
import { unitsCommand } from "./units-command.ts";
import { zaloCommand } from "./zalo-command.ts";
import { demoCommand } from "./demo-command.ts";
import { dbCommand } from "./db-command.ts";
import { inviteCommand } from "./invite-command.ts";
import { remindersCommand } from "./reminders-command.ts";
import { plansCommand } from "./plans-command.ts";
import { periodsCommand } from "./periods-command.ts";
import { createTranslator } from "../i18n/translator.ts";
import { cliLocale } from "./cli-locale.ts";
import { setProvinceTrackFrom } from "../services/unit-standing.ts";
import { AssignmentError } from "../services/assignments.ts";
import type { Say } from "./cli-context.ts";

const locale = cliLocale(process.env);
const translator = createTranslator(locale);
const say: Say = (key, params) => translator.t(locale, { key, ...(params ? { params } : {}) });

// `catalogue list | head -1`: the reader is gone, so the rest of the output has nowhere to go.
// That is the reader's choice, not a fault: end quietly, as other command-line tools do.
process.stdout.on("error", (err: NodeJS.ErrnoException) => {
  if (err.code === "EPIPE") process.exit(0);
  throw err;
});

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${say("cli.help.main")}\n`);
    return 0;
  }
  const commands: Record<string, (ctx: CliContext, args: string[]) => Promise<number>> = {
    catalogue: catalogueCommand,
    people: peopleCommand,
    invite: inviteCommand,
    reminders: remindersCommand,
    assign: assignCommand,
    units: unitsCommand,
    parse: parseCommand,
    schedule: scheduleCommand,
    zalo: zaloCommand,
    demo: demoCommand,
    db: dbCommand,
    export: exportCommand,
    plans: plansCommand,
    periods: periodsCommand,
  };
  const run = commands[command];
  if (!run) throw new CliError(say("cli.error.unknownCommand", { command }));
  if (rest.includes("--help") || rest.includes("-h") || rest[0] === "help") {
    // A subcommand with help of its own ("units external --help") gets it; otherwise the command's.
    const sub = rest[0] && !rest[0].startsWith("-") ? `cli.helpSub.${command}.${rest[0]}` : undefined;
    process.stdout.write(`${say(sub && translator.has(sub) ? sub : `cli.help.${command}`)}\n`);
    return 0;
  }
  loadDotEnv();
  const config = loadConfig();
  process.umask(0o077);
  secureDataFolder(config.DATA_DIR);
  // `db backup` and `db copy` work on the SQLite file itself; every other command on the configured
  // database (PostgreSQL when DATABASE_URL is set, as the service).
  const db = command === "db" ? openDatabase(config.databaseFile) : await openConfiguredDatabase(config);
  // TRACK_FROM in .env is the province's track-from date, as at the service's start: `reminders run`,
  // `export` and the rest read the same value (src/domain/reporting-duty.ts).
  if (config.TRACK_FROM) await setProvinceTrackFrom(db, config.TRACK_FROM, { personId: null, name: "TRACK_FROM" }, new Date());
  // `parse` reads a message as the chat would, which means nothing without people and their items:
  // on an empty database it loads the demo first, as `npm start` does (in development, see demoWanted).
  // Commands that write (imports) never do: a coordinator's first import stays free of demo data.
  if (command === "parse" && demoWanted(config)) await loadDemoData(db, new Date());
  try {
    return await run({ config, db, now: () => new Date(), out: (line) => process.stdout.write(`${line}\n`), locale, say }, rest);
  } finally {
    await closeDatabase(db);
  }
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = usageMistake(err, argv[0] ?? "");
    if (usage !== undefined) {
      process.stderr.write(`${usage}\n`);
      process.exitCode = 2;
    } else if (err instanceof Error && err.name === "CopyFailed") {
      // `db copy` rolled back: the message says why and that nothing was written; a stack adds nothing.
      process.stderr.write(`${err.message}\n`);
      process.exitCode = 1;
    } else {
      process.stderr.write(`${say("cli.error.unexpected", { detail: err instanceof Error ? (err.stack ?? err.message) : String(err) })}\n`);
      process.exitCode = 1;
    }
  },
);

/** The message for a command called wrongly (exit 2, no stack trace); undefined for a fault of ours. */
function usageMistake(err: unknown, command: string): string | undefined {
  if (err instanceof AssignmentError && err.name === "AssignmentError") return err.reason ? say(err.reason.key, err.reason.params) : err.message;
  if (err instanceof CliError || err instanceof ConfigError) return err.message;
  // node:util parseArgs: an unknown option, an option without its value, a stray argument.
  if (err instanceof TypeError && /^ERR_PARSE_ARGS_/.test(String((err as NodeJS.ErrnoException).code))) {
    return say("cli.error.badOption", { detail: optionMistake(err), command });
  }
  return undefined;
}

/** parseArgs's mistake in the CLI's language (its own message is English): which option, and what is wrong with it. */
function optionMistake(err: TypeError): string {
  const code = String((err as NodeJS.ErrnoException).code);
  const option = /'([^' ]+)/.exec(err.message)?.[1] ?? "";
  if (code === "ERR_PARSE_ARGS_UNKNOWN_OPTION") return say("cli.error.option.unknown", { option });
  if (code === "ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL") return say("cli.error.option.unexpected", { option });
  if (code === "ERR_PARSE_ARGS_INVALID_OPTION_VALUE") return say(/argument missing/.test(err.message) ? "cli.error.option.missing_value" : "cli.error.option.takes_no_value", { option });
  return say("cli.error.option.other");
}
