import { closeDatabase, openDatabase } from "../../db/client.ts";
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

const HELP = `chitieu command line

Usage: npm run -s cli -- <command> [options]

  catalogue import <file> [--plan "<number>"] [--dry-run] [--json]
                               read a plan appendix (.txt/.md tables, PDF text, .csv/.xlsx template)
  catalogue list [--plan "<number>"] [--json]
  people import <file.csv|xlsx> [--csv] [--dry-run] [--json]
                               create/update people, print one invite code each
  people list [--csv]
  assign add --plan <p> --code <c> --unit "<unit>" [--role lead] [--frequency monthly] [--person <phone|id>] [--kind indicator|task]
  assign remove --plan <p> --code <c> --unit "<unit>" [--role lead] [--kind indicator|task]
  assign list (--unit "<unit>" | --person <phone|id>) [--json]
  units list [--json]
  schedule set --plan <p> [--code <c>] --frequency monthly|quarterly|half_year|nine_months|yearly|one_off
                               how often a plan's (or one item's) figures are due; kept across re-imports
  parse --as <phone|id> "<message>" [--json]
                               how the bot would read a message (intent, item, period, value); saves nothing
  demo remove                  remove the demo people and their public invite codes (required before NODE_ENV=production)
  db backup --out <file>       an online copy of the SQLite database, safe while the service runs
  export --plan "<number>" --period <2026-11|2026-Q4|2026|once> --out <file.xlsx|file.csv> [--locale vi|en]
                               one plan's workbook (its tables in its own layout, Tổng hợp, Nhiệm vụ, flat sheet),
                               or the flat rows as CSV (every plan without --plan)
  zalo login | status | logout
                               the Zalo account for ZALO_TRANSPORT=zca: QR login (terminal + DATA_DIR/zalo-qr.png), saved credentials

Every command reads DATA_DIR / DATABASE_FILE like the service (see .env.example).
Add --help after a command for its options.`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (!command || command === "--help" || command === "-h" || command === "help") {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  const commands: Record<string, (ctx: CliContext, args: string[]) => Promise<number>> = {
    catalogue: catalogueCommand,
    people: peopleCommand,
    assign: assignCommand,
    units: unitsCommand,
    parse: parseCommand,
    schedule: scheduleCommand,
    zalo: zaloCommand,
    demo: demoCommand,
    db: dbCommand,
    export: exportCommand,
  };
  const run = commands[command];
  if (!run) throw new CliError(`Unknown command "${command}". Run with --help to see the commands.`);
  if (rest.includes("--help") || rest.includes("-h")) {
    process.stdout.write(`${HELP}\n`);
    return 0;
  }
  loadDotEnv();
  const config = loadConfig();
  process.umask(0o077);
  secureDataFolder(config.DATA_DIR);
  const db = openDatabase(config.databaseFile);
  // `parse` reads a message as the chat would, which means nothing without people and their items:
  // on an empty database it loads the demo first, as `npm start` does (in development, see demoWanted).
  // Commands that write (imports) never do: a coordinator's first import stays free of demo data.
  if (command === "parse" && demoWanted(config)) loadDemoData(db, new Date());
  try {
    return await run({ config, db, now: () => new Date(), out: (s) => process.stdout.write(`${s}\n`) }, rest);
  } finally {
    closeDatabase(db);
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    const usage = usageMistake(err);
    if (usage !== undefined) {
      process.stderr.write(`${usage}\n`);
      process.exitCode = 2;
    } else {
      process.stderr.write(`Unexpected error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
      process.exitCode = 1;
    }
  },
);

/** The message for a command called wrongly (exit 2, no stack trace); undefined for a fault of ours. */
function usageMistake(err: unknown): string | undefined {
  if (err instanceof CliError || err instanceof ConfigError || (err instanceof Error && err.name === "AssignmentError")) return err.message;
  // node:util parseArgs: an unknown option, an option without its value, a stray argument.
  if (err instanceof TypeError && /^ERR_PARSE_ARGS_/.test(String((err as NodeJS.ErrnoException).code))) {
    return `${err.message.split(". ")[0]}. Run with --help to see how to call it.`;
  }
  return undefined;
}
