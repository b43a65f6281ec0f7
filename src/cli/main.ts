import { CliError, type CliContext, type Say } from "./cli-context.ts";
import { createTranslator } from "../i18n/translator.ts";
import { cliLocale } from "./cli-locale.ts";
import type { Config } from "../config.ts";
import type { Db } from "../../db/client.ts";

/**
 * Each command's module, loaded when that command is asked for: importing them all took two
 * seconds a call (the catalogue's readers alone 1.5 s), `--help` loads none, and the database,
 * config and service modules load only once a command runs.
 */
type Command = (ctx: CliContext, args: string[]) => Promise<number>;
const commands: Record<string, () => Promise<Command>> = {
  catalogue: async () => (await import("./catalogue-command.ts")).catalogueCommand,
  people: async () => (await import("./people-command.ts")).peopleCommand,
  invite: async () => (await import("./invite-command.ts")).inviteCommand,
  reminders: async () => (await import("./reminders-command.ts")).remindersCommand,
  assign: async () => (await import("./assign-command.ts")).assignCommand,
  units: async () => (await import("./units-command.ts")).unitsCommand,
  parse: async () => (await import("./parse-command.ts")).parseCommand,
  schedule: async () => (await import("./schedule-command.ts")).scheduleCommand,
  zalo: async () => (await import("./zalo-command.ts")).zaloCommand,
  demo: async () => (await import("./demo-command.ts")).demoCommand,
  db: async () => (await import("./db-command.ts")).dbCommand,
  export: async () => (await import("./export-command.ts")).exportCommand,
  plans: async () => (await import("./plans-command.ts")).plansCommand,
  periods: async () => (await import("./periods-command.ts")).periodsCommand,
};

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
  const load = Object.hasOwn(commands, command) ? commands[command] : undefined;
  if (!load) throw new CliError(say("cli.error.unknownCommand", { command }));
  if (rest.includes("--help") || rest.includes("-h") || rest[0] === "help") {
    // A subcommand with help of its own ("units external --help") gets it; otherwise the command's.
    const sub = rest[0] && !rest[0].startsWith("-") ? `cli.helpSub.${command}.${rest[0]}` : undefined;
    process.stdout.write(`${say(sub && translator.has(sub) ? sub : `cli.help.${command}`)}\n`);
    return 0;
  }
  const [run, { loadDotEnv }, { loadConfig, demoWanted }, { secureDataFolder }] = await Promise.all([
    load(),
    import("../load-dot-env.ts"),
    import("../config.ts"),
    import("../secure-data-folder.ts"),
  ]);
  loadDotEnv();
  const config = loadConfig();
  process.umask(0o077);
  secureDataFolder(config.DATA_DIR);
  // `db backup` and `db copy` work on the SQLite file itself; every other command on the configured
  // database (PostgreSQL when DATABASE_URL is set, as the service).
  const { openDatabase, closeDatabase } = await import("../../db/client.ts");
  const db = command === "db" ? openDatabase(config.databaseFile) : await openConfigured(config);
  // TRACK_FROM in .env is the province's track-from date, as at the service's start: `reminders run`,
  // `export` and the rest read the same value (src/domain/reporting-duty.ts).
  if (config.TRACK_FROM) {
    const { setProvinceTrackFrom } = await import("../services/unit-standing.ts");
    await setProvinceTrackFrom(db, config.TRACK_FROM, { personId: null, name: "TRACK_FROM" }, new Date());
  }
  // `parse` reads a message as the chat would, which means nothing without people and their items:
  // on an empty database it loads the demo first, as `npm start` does (in development, see demoWanted).
  // Commands that write (imports) never do: a coordinator's first import stays free of demo data.
  if (command === "parse" && demoWanted(config)) {
    const { loadDemoData } = await import("../../db/seed/load-demo-data.ts");
    await loadDemoData(db, new Date());
  }
  try {
    return await run({ config, db, now: () => new Date(), out: (line) => process.stdout.write(`${line}\n`), locale, say }, rest);
  } finally {
    await closeDatabase(db);
  }
}

/** The configured database (PostgreSQL when DATABASE_URL is set), its engines' modules loaded only here. */
async function openConfigured(config: Config): Promise<Db> {
  const { openConfiguredDatabase } = await import("../open-configured-database.ts");
  return openConfiguredDatabase(config);
}

const argv = process.argv.slice(2);
main(argv).then(
  (code) => {
    process.exitCode = code;
  },
  async (err: unknown) => {
    const usage = await usageMistake(err, argv[0] ?? "");
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
async function usageMistake(err: unknown, command: string): Promise<string | undefined> {
  if (err instanceof CliError) return err.message;
  // Loaded here, not at the top, for the same reason as the commands (cached once a command ran).
  const [{ AssignmentError }, { ConfigError }] = await Promise.all([import("../services/assignments.ts"), import("../config.ts")]);
  if (err instanceof AssignmentError && err.name === "AssignmentError") return err.reason ? say(err.reason.key, err.reason.params) : err.message;
  if (err instanceof ConfigError) return err.message;
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
