import type { Db } from "../../db/client.ts";
import type { Config } from "../config.ts";

export interface CliContext {
  config: Config;
  db: Db;
  now: () => Date;
  out: (line: string) => void;
}

/** A mistake in how the command was called: printed as is, exit code 2. */
export class CliError extends Error {
  override name = "CliError";
}

/** Fixed-width columns for a terminal, widths by characters (Vietnamese letters count as one). */
export function formatTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length))));
  const line = (cells: string[]) => cells.map((c, i) => truncate(c, widths[i] ?? 10).padEnd(widths[i] ?? 10)).join("  ").trimEnd();
  return [line(header), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}

export function toCsv(header: string[], rows: string[][]): string {
  const cell = (v: string) => (/[",\n;]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v);
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\n");
}

function truncate(s: string, width: number): string {
  return s.length <= width ? s : `${s.slice(0, width - 1)}…`;
}
