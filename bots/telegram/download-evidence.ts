import { randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { access, mkdir, rename, rm } from "node:fs/promises";
import { resolve, sep } from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import type { ReadableStream as WebReadableStream } from "node:stream/web";
import type { Api } from "grammy";
import type { Logger } from "pino";
import { toVnParts } from "../../src/domain/vn-time.ts";
import { describeError } from "./describe-error.ts";

/** The Bot API lets bots download files up to 20 MB; getFile refuses larger ones ("file is too big"). */
export const TELEGRAM_DOWNLOAD_LIMIT_BYTES = 20 * 1024 * 1024;

export interface DownloadEvidenceOptions {
  /** DATA_DIR: the file goes to <dataDir>/evidence/<yyyy>/<mm>/<fileUniqueId><ext>. */
  dataDir: string;
  logger: Logger;
  /** When the evidence was sent (the message date); picks the year and month folder, in Vietnam time. */
  receivedAt: Date;
  /** Telegram's file_unique_id from the message; getFile's is used when it is missing. */
  fileUniqueId?: string;
  /** The document's mime type, for the extension when the file path has none. */
  mimeType?: string;
  /** The size the message announced: a file known to be too big is not even asked for. */
  sizeBytes?: number;
  maxBytes?: number;
  timeoutMs?: number;
}

/**
 * Downloads a photo or document the bot received into the data folder and returns its path relative
 * to dataDir ("evidence/2026/11/AQADxyz.jpg"), or undefined when it could not or should not be
 * downloaded; the caller keeps the file id either way. Never throws.
 *
 * The name comes from Telegram's file_unique_id and the extension of Telegram's file path (or the mime
 * type), never from the name the user gave the file, so nothing can steer it out of the folder. The
 * bytes go to a temporary name that is renamed only once complete: there are no half files. The same
 * file sent again (same file_unique_id, same month) is not downloaded twice.
 *
 * The download URL holds the bot token: it is never logged, and errors are scrubbed of it.
 */
export async function downloadEvidence(api: Api, fileId: string, options: DownloadEvidenceOptions): Promise<string | undefined> {
  const { logger } = options;
  const maxBytes = options.maxBytes ?? TELEGRAM_DOWNLOAD_LIMIT_BYTES;
  const tooBig = (sizeBytes: number) => logger.warn({ fileId, sizeBytes, maxBytes }, "evidence file too big to download: keeping only its file id");
  if (options.sizeBytes !== undefined && options.sizeBytes > maxBytes) {
    tooBig(options.sizeBytes);
    return undefined;
  }
  let temp: string | undefined;
  try {
    const signal = AbortSignal.timeout(options.timeoutMs ?? 60_000);
    // grammY's Node typings name the abort-controller polyfill's AbortSignal; Node's own works at run time.
    const file = await api.getFile(fileId, signal as unknown as Parameters<Api["getFile"]>[1]);
    if (file.file_size !== undefined && file.file_size > maxBytes) {
      tooBig(file.file_size);
      return undefined;
    }
    const remotePath = file.file_path !== undefined ? safeRemotePath(file.file_path) : undefined;
    if (remotePath === undefined) {
      logger.warn({ fileId, hasPath: file.file_path !== undefined }, "evidence file has no usable file path: keeping only its file id");
      return undefined;
    }

    const { year, month } = toVnParts(options.receivedAt);
    const name = `${safeName(options.fileUniqueId ?? file.file_unique_id, fileId)}${extensionOf(remotePath.at(-1) ?? "", options.mimeType)}`;
    const relative = `evidence/${year}/${String(month).padStart(2, "0")}/${name}`;
    const evidenceRoot = resolve(options.dataDir, "evidence");
    const target = resolve(options.dataDir, relative);
    if (!target.startsWith(evidenceRoot + sep)) throw new Error("evidence path left the evidence folder");
    if (await exists(target)) return relative;

    const root = (api.options?.apiRoot ?? "https://api.telegram.org").replace(/\/+$/, "");
    const response = await fetch(`${root}/file/bot${api.token}/${remotePath.map(encodeURIComponent).join("/")}`, { signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      logger.warn({ fileId, status: response.status }, "evidence download refused by the Bot API: keeping only its file id");
      return undefined;
    }
    const announced = Number(response.headers.get("content-length") ?? Number.NaN);
    if (announced > maxBytes) {
      await response.body.cancel();
      tooBig(announced);
      return undefined;
    }

    // Evidence is as private as the database: folders 700, files 600, whatever the umask.
    await mkdir(resolve(target, ".."), { recursive: true, mode: 0o700 });
    temp = `${target}.${randomBytes(6).toString("hex")}.part`;
    await pipeline(Readable.fromWeb(response.body as WebReadableStream<Uint8Array>), sizeLimit(maxBytes), createWriteStream(temp, { flags: "wx", mode: 0o600 }));
    await rename(temp, target);
    temp = undefined;
    return relative;
  } catch (err) {
    if (err instanceof TooBigError) tooBig(err.sizeBytes);
    else logger.warn({ fileId, err: withoutToken(describeError(err), api.token) }, "evidence download failed: keeping only its file id");
    return undefined;
  } finally {
    if (temp) await rm(temp, { force: true }).catch(() => undefined);
  }
}

class TooBigError extends Error {
  override name = "TooBigError";
  readonly sizeBytes: number;
  constructor(sizeBytes: number) {
    super(`at least ${sizeBytes} bytes`);
    this.sizeBytes = sizeBytes;
  }
}

/** Stops the stream as soon as it passes the limit, whatever the headers said. */
function sizeLimit(maxBytes: number): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      seen += chunk.length;
      if (seen > maxBytes) callback(new TooBigError(seen));
      else callback(null, chunk);
    },
  });
}

/**
 * Telegram's file_path ("photos/file_12.jpg") as URL segments, or undefined for anything that could
 * make the request leave /file/bot<token>/: empty, "." or ".." segments, absolute paths, backslashes.
 */
function safeRemotePath(filePath: string): string[] | undefined {
  const segments = filePath.split("/");
  const unsafe = segments.some((s) => s === "" || s === "." || s === ".." || s.includes("\\") || /[\u0000-\u001f]/.test(s));
  return unsafe ? undefined : segments;
}

/** file_unique_id is [A-Za-z0-9_-] in practice; anything else is dropped, and an empty result falls back to the file id. */
function safeName(uniqueId: string, fileId: string): string {
  const cleaned = uniqueId.replace(/[^A-Za-z0-9_-]/g, "").slice(0, 100);
  return cleaned || fileId.replace(/[^A-Za-z0-9_-]/g, "").slice(-100) || "file";
}

const extensionByMime: Record<string, string> = {
  "image/jpeg": ".jpg",
  "image/png": ".png",
  "image/webp": ".webp",
  "image/gif": ".gif",
  "image/heic": ".heic",
  "application/pdf": ".pdf",
  "application/msword": ".doc",
  "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
  "application/vnd.ms-excel": ".xls",
  "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
  "application/vnd.ms-powerpoint": ".ppt",
  "application/vnd.openxmlformats-officedocument.presentationml.presentation": ".pptx",
  "application/zip": ".zip",
  "text/plain": ".txt",
  "text/csv": ".csv",
};

/** ".jpg" from Telegram's file name, else from the mime type, else none; only short alphanumeric extensions. */
function extensionOf(remoteName: string, mimeType: string | undefined): string {
  const fromPath = /\.([A-Za-z0-9]{1,10})$/.exec(remoteName)?.[1];
  if (fromPath) return `.${fromPath.toLowerCase()}`;
  return (mimeType && extensionByMime[mimeType.toLowerCase()]) || "";
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The download URL holds the token; an error that quotes it (a bad URL, a proxy's message) must not log it. */
function withoutToken(described: Record<string, unknown>, token: string): Record<string, unknown> {
  return Object.fromEntries(Object.entries(described).map(([key, value]) => [key, typeof value === "string" && token ? value.split(token).join("<token>") : value]));
}
