import { z } from "zod";

/**
 * The environment, parsed once. Every variable is documented in .env.example with a safe default;
 * a bad value stops the service with a message naming the variable.
 */
const booleanFromEnv = z
  .enum(["true", "false", "1", "0", "yes", "no", ""])
  .transform((v) => v === "true" || v === "1" || v === "yes");

const configSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().min(1).default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATA_DIR: z.string().min(1).default("./data"),
  DATABASE_FILE: z.string().optional(),
  /**
   * A PostgreSQL database (postgres://user:password@host:5432/name): set, the service serves from it
   * (several instances may share it) and `cli db copy` copies into it; unset, SQLite (DATABASE_FILE).
   */
  DATABASE_URL: z
    .string()
    .refine(isPostgresUrl, "expected a PostgreSQL URL such as postgres://chitieu:password@127.0.0.1:5432/chitieu")
    .optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  TIME_ZONE: z.literal("Asia/Ho_Chi_Minh").default("Asia/Ho_Chi_Minh"),
  DEFAULT_LOCALE: z.enum(["vi", "en"]).default("vi"),
  /**
   * The demo province (units, plans, people with public invite codes): unset = only in development
   * with no bot token; true = also with a bot against a local fake; never in production or with a real channel.
   */
  LOAD_DEMO: booleanFromEnv.optional(),
  ADMIN_TOKEN: z.string().optional(),
  INVITE_CODE_TTL_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Behind a reverse proxy: the addresses it connects from (comma-separated IPs or CIDRs, or
   * loopback / uniquelocal), whose X-Forwarded-For is believed, so the console's login limit counts
   * each client, not the proxy. Unset: the connection's own address (never trust a header by default).
   */
  TRUST_PROXY: z.string().min(1).optional(),
  /** Public https origin of this service; when set with a Telegram token, the bot uses a webhook. */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Signs the download links of files sent to chats that cannot receive them (PUBLIC_URL/files/…); default: a random key kept in DATA_DIR/file-links.key. */
  FILE_LINK_SECRET: z.string().min(16, "at least 16 characters").optional(),
  /** How long such a link opens its file. */
  FILE_LINK_TTL_MINUTES: z.coerce.number().int().min(1).max(7 * 24 * 60).default(60),
  TELEGRAM_BOT_TOKEN: z.string().regex(/^\d+:[A-Za-z0-9_-]{20,}$/, "expected a token like 123456:ABC-DEF... from @BotFather").optional(),
  /** Secret Telegram echoes in X-Telegram-Bot-Api-Secret-Token; 1–256 of A-Z a-z 0-9 _ -. */
  TELEGRAM_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z a-z 0-9 _ -").optional(),
  /** A self-hosted Bot API server (or the tests' fake), without a trailing slash. */
  TELEGRAM_API_ROOT: z.url().default("https://api.telegram.org").transform((u) => u.replace(/\/+$/, "")),
  /** Download evidence photos/documents into DATA_DIR/evidence (true) or keep only file ids (false). */
  DOWNLOAD_EVIDENCE: booleanFromEnv.default(false),
  /** The dev chat (/dev, POST /dev/chat): on by default when no bot token is set; never in production. */
  DEV_CHAT: booleanFromEnv.optional(),
  /** Reminders: days before a deadline, at REMINDER_HOUR local time ("7,3,1"). */
  REMINDER_OFFSETS_DAYS: z
    .string()
    .regex(/^\s*\d{1,2}(\s*,\s*\d{1,2})*\s*$/, "a comma-separated list of days, e.g. 7,3,1")
    .default("7,3,1")
    .transform((v) => [...new Set(v.split(",").map((d) => Number(d.trim())))].sort((a, b) => b - a)),
  REMINDER_HOUR: z.coerce.number().int().min(0).max(23).default(8),
  /** Overdue items are reminded every N working days, at most OVERDUE_REMINDER_MAX times. */
  OVERDUE_REMINDER_EVERY_WORKING_DAYS: z.coerce.number().int().min(1).max(30).default(2),
  OVERDUE_REMINDER_MAX: z.coerce.number().int().min(0).max(50).default(3),
  /** Overdue by this many days → a digest to the unit head listing who owes what. */
  ESCALATE_AFTER_DAYS: z.coerce.number().int().min(1).max(90).default(3),
  /** No messages in this local window ("21:00-07:00"); what falls in it waits for its end. */
  QUIET_HOURS: z
    .string()
    .regex(/^([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d$/, "HH:MM-HH:MM, e.g. 21:00-07:00")
    .default("21:00-07:00"),
  /** Public holidays (no reminders): dates and ranges, "2026-04-30,2026-02-14..2026-02-22". */
  HOLIDAYS: z
    .string()
    .regex(/^(\s*\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?\s*)(,\s*\d{4}-\d{2}-\d{2}(\.\.\d{4}-\d{2}-\d{2})?\s*)*$/, "dates YYYY-MM-DD or ranges YYYY-MM-DD..YYYY-MM-DD, comma-separated")
    .default(
      "2026-01-01,2026-02-14..2026-02-22,2026-04-27,2026-04-30,2026-05-01,2026-09-01..2026-09-02,2027-01-01,2027-02-04..2027-02-10,2027-04-16,2027-04-30,2027-05-01,2027-09-02..2027-09-03",
    ),
  /** Telegram send limits for messages that are not direct replies. */
  TELEGRAM_RATE_PER_SECOND: z.coerce.number().min(0.1).max(1000).default(30),
  TELEGRAM_RATE_PER_CHAT_PER_SECOND: z.coerce.number().min(0.01).max(100).default(1),
  TELEGRAM_RATE_PER_GROUP_PER_MINUTE: z.coerce.number().min(1).max(1000).default(20),
  /** A message that keeps failing (5xx, timeouts) is given up after this many attempts. */
  OUTBOX_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(50).default(8),
  /** Zalo: off, a personal/department account through zca-js, or the official Zalo Bot API. */
  ZALO_TRANSPORT: z.enum(["off", "zca", "bot-api"]).default("off"),
  /** Official Zalo Bot API token (ZALO_TRANSPORT=bot-api). */
  ZALO_BOT_TOKEN: z.string().min(10, "expected the bot token from Zalo Bot Platform").optional(),
  ZALO_BOT_API_ROOT: z.url().default("https://bot-api.zaloplatforms.com").transform((u) => u.replace(/\/+$/, "")),
  /** Secret Zalo sends back in X-Bot-Api-Secret-Token on every webhook call (with PUBLIC_URL). */
  ZALO_WEBHOOK_SECRET: z.string().regex(/^[A-Za-z0-9_-]{16,256}$/, "16–256 characters of A-Z a-z 0-9 _ -").optional(),
  /** zca-js: where the account's imei, cookie and user agent are kept (file mode 600). Default DATA_DIR/zalo-credentials.json. */
  ZALO_CREDENTIALS_FILE: z.string().optional(),
  /** zca-js: a key (32+ characters) to encrypt the credentials file; without it the file is plain JSON, mode 600. */
  ZALO_CREDENTIALS_KEY: z.string().min(32, "at least 32 characters").optional(),
  /** zca-js: answer in group chats too (default: only 1:1 chats). */
  ZALO_GROUPS: booleanFromEnv.default(false),
  /** Zalo send limits for reminders and broadcasts: Zalo locks accounts that send like spam. */
  ZALO_RATE_PER_MINUTE: z.coerce.number().min(1).max(600).default(12),
  ZALO_RATE_PER_CHAT_PER_MINUTE: z.coerce.number().min(1).max(60).default(2),
  /** How long an unfinished conversation is kept, in minutes. */
  SESSION_TTL_MINUTES: z.coerce.number().int().min(1).max(10_080).default(720),
  /**
   * Group chats (Telegram groups; Zalo groups with ZALO_GROUPS=true): off, the bot says once per group that it
   * works in private chats. On, each member has their own conversation in the group, seen by the whole group.
   */
  GROUPS_ENABLED: booleanFromEnv.default(false),
  /** The Telegram bot's username (without @), for invite links t.me/<username>?start=<code> (`invite show`). */
  TELEGRAM_BOT_USERNAME: z
    .string()
    .transform((u) => u.replace(/^@/, ""))
    .pipe(z.string().regex(/^[A-Za-z][A-Za-z0-9_]{3,31}$/, "a bot username such as chitieu_tinh_bot (5–32 letters, digits, _)"))
    .optional(),
  /**
   * The day the province starts tracking (YYYY-MM-DD, Asia/Ho_Chi_Minh): nothing due before it is
   * reminded, overdue or escalated, so a province that starts mid-year gets no alarm on day one.
   */
  TRACK_FROM: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, "a date such as 2026-12-01")
    .refine((d) => !Number.isNaN(Date.parse(`${d}T00:00:00+07:00`)), "a real calendar date")
    .transform((d) => new Date(`${d}T00:00:00+07:00`))
    .optional(),
});

export type Config = Omit<z.infer<typeof configSchema>, "DATABASE_FILE"> & {
  /** Absolute path of the SQLite file (DATABASE_FILE, else DATA_DIR/chitieu.db). */
  databaseFile: string;
};

export class ConfigError extends Error {
  override name = "ConfigError";
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): Config {
  const result = configSchema.safeParse(stripEmpty(env));
  if (!result.success) {
    const lines = result.error.issues.map((issue) => {
      const variable = issue.path.join(".") || "(environment)";
      return `  ${variable}: ${issue.message} (${describeValue(variable, env[variable] ?? "")})`;
    });
    throw new ConfigError(`Invalid configuration — fix these variables (see .env.example):\n${lines.join("\n")}`);
  }
  const { DATABASE_FILE, ...rest } = result.data;
  const demoRefusal = refusedDemo(rest);
  if (demoRefusal) throw new ConfigError(`Invalid configuration — fix these variables (see .env.example):\n  LOAD_DEMO: ${demoRefusal}`);
  const dataDir = resolvePath(cwd, rest.DATA_DIR);
  return {
    ...rest,
    DATA_DIR: dataDir,
    databaseFile: DATABASE_FILE ? resolvePath(cwd, DATABASE_FILE) : `${dataDir}/chitieu.db`,
  };
}

/**
 * What a refused value was, for the operator: shown as typed unless it may be a credential. A token,
 * secret, key, cookie or password is named by its variable and never shown, nor is a URL that
 * carries a user name or password; their length is enough to spot a truncated paste.
 */
function describeValue(variable: string, value: string): string {
  if (isSecretVariable(variable) || hasUrlCredentials(value)) return `value hidden, ${value.length} characters`;
  return `got ${JSON.stringify(value.length > 80 ? `${value.slice(0, 80)}…` : value)}`;
}

function isSecretVariable(variable: string): boolean {
  return /TOKEN|SECRET|KEY|COOKIE|PASSWORD|PASSWD|CREDENTIAL|AUTH/i.test(variable);
}

/** "scheme://user:pass@host", or a "user@host" before the path: credentials inside a URL. */
function hasUrlCredentials(value: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\/[^/?#\s]*@/i.test(value.trim());
}

type ParsedConfig = z.infer<typeof configSchema>;

/**
 * Whether the demo province is loaded into an empty database. Its invite codes are printed in the
 * README, and DP-KHCN makes whoever types it a coordinator and admin: so never in production, never
 * once a real Telegram or Zalo channel is configured. Unset, it loads in development with no bot.
 */
export function demoWanted(config: Pick<ParsedConfig, "LOAD_DEMO" | "NODE_ENV" | "TELEGRAM_BOT_TOKEN" | "TELEGRAM_API_ROOT" | "ZALO_TRANSPORT" | "ZALO_BOT_API_ROOT">): boolean {
  if (config.NODE_ENV === "production" || realChannelConfigured(config)) return false;
  return config.LOAD_DEMO ?? (!config.TELEGRAM_BOT_TOKEN && config.ZALO_TRANSPORT === "off");
}

/** A channel real people can reach: a bot token for a Bot API that is not on this machine, or a Zalo account. */
function realChannelConfigured(config: Pick<ParsedConfig, "TELEGRAM_BOT_TOKEN" | "TELEGRAM_API_ROOT" | "ZALO_TRANSPORT" | "ZALO_BOT_API_ROOT">): boolean {
  if (config.TELEGRAM_BOT_TOKEN && !isLoopback(config.TELEGRAM_API_ROOT)) return true;
  if (config.ZALO_TRANSPORT === "zca") return true;
  return config.ZALO_TRANSPORT === "bot-api" && !isLoopback(config.ZALO_BOT_API_ROOT);
}

/** LOAD_DEMO=true where the demo must never be: refused rather than ignored, so the operator sees why. */
function refusedDemo(config: ParsedConfig): string | undefined {
  if (config.LOAD_DEMO !== true) return undefined;
  if (config.NODE_ENV === "production") return "the demo is never loaded with NODE_ENV=production (its invite codes are public); remove LOAD_DEMO=true";
  if (realChannelConfigured(config)) return "the demo is never loaded once a real Telegram or Zalo channel is configured (its invite codes are public); remove LOAD_DEMO=true";
  return undefined;
}

function isLoopback(url: string): boolean {
  const host = new URL(url).hostname;
  return host === "localhost" || host === "[::1]" || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/** An empty variable ("PORT=") means "use the default", as people expect from .env files. */
function stripEmpty(env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(env)) {
    if (value !== undefined && value !== "") out[key] = value;
  }
  return out;
}

/** postgres:// or postgresql://, with a host (or ?host=/socket/folder) and a database name. */
export function isPostgresUrl(value: string): boolean {
  try {
    const url = new URL(value);
    return (url.protocol === "postgres:" || url.protocol === "postgresql:") && (url.hostname !== "" || url.searchParams.has("host")) && url.pathname.length > 1;
  } catch {
    return false;
  }
}

function resolvePath(cwd: string, p: string): string {
  return p.startsWith("/") ? p : `${cwd.replace(/\/$/, "")}/${p.replace(/^\.\//, "")}`;
}
