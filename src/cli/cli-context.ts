import type { Message } from "../chat/types.ts";
import type { Db } from "../../db/client.ts";
import type { Config } from "../config.ts";
import type { Locale } from "../i18n/translator.ts";

/** Renders a `cli.*` message of locales/<lang>.json in the CLI's language. */
export type Say = (key: string, params?: Message["params"]) => string;

export interface CliContext {
  config: Config;
  db: Db;
  now: () => Date;
  out: (line: string) => void;
  /** The CLI's language (see cli-locale.ts) and its messages. */
  locale: Locale;
  say: Say;
}

/** A mistake in how the command was called: printed as is, exit code 2. */
export class CliError extends Error {
  override name = "CliError";
}

/**
 * Columns for a terminal, widths by characters (Vietnamese letters count as one). A cell is never
 * cut: a column is at most 60 wide for alignment, and a longer cell (a problem, a long name) runs
 * past it whole, so what a coordinator must fix is always readable.
 */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))));
  const line = (cells: string[]) => cells.map((c, i) => c.padEnd(widths[i] ?? 10)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function toCsv(header: string[], rows: string[][]): string {
  const cell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n");
}
