import { chmodSync, mkdirSync } from "node:fs";

/**
 * The data folder (SQLite file, evidence, Zalo credentials) is the service user's alone: created as
 * 700, and an existing one tightened to 700, so no other account on the machine can list or read it.
 */
export function secureDataFolder(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
}
