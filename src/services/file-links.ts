import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { Clock } from "../clock.ts";

/**
 * Short-lived signed download links to a file the outbox stored for a chat (PUBLIC_URL/files/…),
 * for a channel that cannot upload it (the official Zalo bot sends photos by URL and no files).
 * A link names one outbox row and one file name, both signed with its expiry: it opens that file,
 * built for the person and scope the row was written for, and nothing else.
 */
export interface FileLinks {
  /** Undefined without a public URL (nothing outside could open it). */
  sign(outboxId: number, fileName: string): { url: string; expiresAt: Date } | undefined;
  verify(token: string, fileName: string): { outboxId: number } | { error: "invalid" | "expired" };
  /** How long a link opens its file. */
  ttlMs: number;
}

export interface FileLinkOptions {
  secret: Buffer | string;
  /** PUBLIC_URL, without a trailing slash; absent: no links. */
  publicUrl?: string | undefined;
  ttlMs: number;
  clock: Clock;
}

export function createFileLinks(o: FileLinkOptions): FileLinks {
  const mac = (body: string) => createHmac("sha256", o.secret).update(body).digest("base64url").slice(0, 32);
  return {
    ttlMs: o.ttlMs,
    sign(outboxId, fileName) {
      if (!o.publicUrl) return undefined;
      const expiresAt = new Date(o.clock.now().getTime() + o.ttlMs);
      const head = `${outboxId}.${Math.ceil(expiresAt.getTime() / 1000)}`;
      const token = `${head}.${mac(`${head}.${fileName}`)}`;
      return { url: `${o.publicUrl.replace(/\/+$/, "")}/files/${token}/${encodeURIComponent(fileName)}`, expiresAt };
    },
    verify(token, fileName) {
      const m = /^(\d{1,12})\.(\d{1,12})\.([A-Za-z0-9_-]{32})$/.exec(token);
      if (!m) return { error: "invalid" };
      const expected = Buffer.from(mac(`${m[1]}.${m[2]}.${fileName}`));
      const given = Buffer.from(m[3]!);
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) return { error: "invalid" };
      if (Number(m[2]) * 1000 <= o.clock.now().getTime()) return { error: "expired" };
      return { outboxId: Number(m[1]) };
    },
  };
}

/**
 * FILE_LINK_SECRET, else a random key kept in DATA_DIR (made once, mode 600), so every process of
 * the service and every restart sign and check links alike.
 */
export function fileLinkSecret(configured: string | undefined, keyFile: string): Buffer | string {
  if (configured) return configured;
  if (!existsSync(keyFile)) {
    mkdirSync(dirname(keyFile), { recursive: true });
    try {
      writeFileSync(keyFile, randomBytes(32).toString("hex"), { mode: 0o600, flag: "wx" });
      chmodSync(keyFile, 0o600);
    } catch (err) {
      // Another process of the service made it first: use theirs.
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
    }
  }
  return readFileSync(keyFile, "utf8").trim();
}

/** The service's file links, from its configuration (PUBLIC_URL, FILE_LINK_SECRET, FILE_LINK_TTL_MINUTES). */
export function fileLinksOf(config: { DATA_DIR: string; PUBLIC_URL?: string | undefined; FILE_LINK_SECRET?: string | undefined; FILE_LINK_TTL_MINUTES: number }, clock: Clock): FileLinks {
  return createFileLinks({ secret: fileLinkSecret(config.FILE_LINK_SECRET, join(config.DATA_DIR, "file-links.key")), publicUrl: config.PUBLIC_URL, ttlMs: config.FILE_LINK_TTL_MINUTES * 60_000, clock });
}

/** Where the outbox stores the files it sends: DATA_DIR/outbox-files/<outbox id>/<file name>. */
export function outboxFilesDir(dataDir: string): string {
  return join(dataDir, "outbox-files");
}
