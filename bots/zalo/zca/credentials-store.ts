import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from "node:crypto";
import { chmod, mkdir, open, readFile, rename, rm } from "node:fs/promises";
import { existsSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";

/**
 * What logs a zca-js account in again without a QR scan. The three belong together: Zalo binds the
 * cookie to the device id (imei) and the user agent, so a cookie alone does not log in.
 */
export interface ZaloCredentials {
  imei: string;
  /** tough-cookie's serialized cookies, as zca-js's login accepts them. */
  cookie: Record<string, unknown>[];
  userAgent: string;
  /** The account's own Zalo user id, once a login told us. */
  ownId?: string;
  /** The account's display name, for `zalo status` and the admin page. */
  displayName?: string;
  /** ISO time of the last save. */
  savedAt: string;
}

export interface CredentialsStore {
  readonly file: string;
  readonly encrypted: boolean;
  exists(): boolean;
  /** The saved credentials; null when there are none. Throws CredentialsError when the file cannot be read as credentials. */
  load(): Promise<ZaloCredentials | null>;
  /** Writes a temp file with mode 600 and renames it over the old one: a crash never leaves half a file. */
  save(credentials: Omit<ZaloCredentials, "savedAt">): Promise<ZaloCredentials>;
  /** Deletes the file; false when there was none. */
  remove(): Promise<boolean>;
}

/** Why a credentials file cannot be used; the CLI words it in the reader's language (cli.zalo.credentialsError.<reason>). */
export type CredentialsProblem = "not_json" | "no_key" | "incomplete" | "wrong_key";

/**
 * The credentials file is missing pieces, is encrypted without a key, or the key is wrong. The
 * reason says which (the message, in English, is for the log); neither quotes the file's contents.
 */
export class CredentialsError extends Error {
  override name = "CredentialsError";
  constructor(
    readonly reason: CredentialsProblem,
    readonly file: string,
  ) {
    super(credentialsProblemText[reason](file));
  }
}

const credentialsProblemText: Record<CredentialsProblem, (file: string) => string> = {
  not_json: (file) => `${file} is not JSON: log in again (npm run -s cli -- zalo login).`,
  no_key: (file) => `${file} is encrypted: set ZALO_CREDENTIALS_KEY to the key it was saved with.`,
  incomplete: (file) => `${file} lacks the imei, cookie or user agent: log in again (npm run -s cli -- zalo login).`,
  wrong_key: (file) => `${file} cannot be decrypted with this ZALO_CREDENTIALS_KEY: use the key it was saved with, or log in again.`,
};

const credentialsSchema = z.object({
  imei: z.string().min(1),
  cookie: z.array(z.record(z.string(), z.unknown())).min(1),
  userAgent: z.string().min(1),
  ownId: z.string().min(1).optional(),
  displayName: z.string().optional(),
  savedAt: z.string(),
});

const envelopeSchema = z.object({
  format: z.literal("chitieu-zalo-credentials-aes-256-gcm"),
  version: z.literal(1),
  salt: z.string(),
  iv: z.string(),
  tag: z.string(),
  data: z.string(),
});

/**
 * The zca-js credentials on disk (ZALO_CREDENTIALS_FILE, default DATA_DIR/zalo-credentials.json):
 * plain JSON with file mode 600, or, with ZALO_CREDENTIALS_KEY, AES-256-GCM with a key derived by
 * scrypt from the configured value (random salt and IV per save, the tag kept beside them). Nothing
 * here logs or throws the cookie's contents.
 */
export function createCredentialsStore(options: { file: string; key?: string | undefined; now?: () => Date }): CredentialsStore {
  const { file, key } = options;
  const now = options.now ?? (() => new Date());
  return {
    file,
    encrypted: key !== undefined,
    exists: () => existsSync(file),
    async load() {
      let raw: string;
      try {
        raw = await readFile(file, "utf8");
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw err;
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new CredentialsError("not_json", file);
      }
      const envelope = envelopeSchema.safeParse(parsed);
      if (envelope.success) {
        if (key === undefined) throw new CredentialsError("no_key", file);
        parsed = decrypt(envelope.data, key, file);
      }
      const credentials = credentialsSchema.safeParse(parsed);
      if (!credentials.success) throw new CredentialsError("incomplete", file);
      return credentials.data;
    },
    async save(credentials) {
      const saved: ZaloCredentials = { ...credentials, savedAt: now().toISOString() };
      const body = key === undefined ? JSON.stringify(saved, null, 2) : JSON.stringify(encrypt(saved, key));
      await mkdir(dirname(file), { recursive: true, mode: 0o700 });
      const temp = `${file}.${process.pid}.${randomBytes(4).toString("hex")}.tmp`;
      const handle = await open(temp, "wx", 0o600);
      try {
        await handle.writeFile(body, "utf8");
        await handle.sync();
      } finally {
        await handle.close();
      }
      await chmod(temp, 0o600);
      await rename(temp, file);
      return saved;
    },
    async remove() {
      if (!existsSync(file)) return false;
      await rm(file, { force: true });
      return true;
    },
  };
}

function deriveKey(secret: string, salt: Buffer): Buffer {
  return scryptSync(secret, salt, 32);
}

function encrypt(credentials: ZaloCredentials, secret: string): z.infer<typeof envelopeSchema> {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", deriveKey(secret, salt), iv);
  const data = Buffer.concat([cipher.update(JSON.stringify(credentials), "utf8"), cipher.final()]);
  return {
    format: "chitieu-zalo-credentials-aes-256-gcm",
    version: 1,
    salt: salt.toString("base64"),
    iv: iv.toString("base64"),
    tag: cipher.getAuthTag().toString("base64"),
    data: data.toString("base64"),
  };
}

function decrypt(envelope: z.infer<typeof envelopeSchema>, secret: string, file: string): unknown {
  try {
    const decipher = createDecipheriv("aes-256-gcm", deriveKey(secret, Buffer.from(envelope.salt, "base64")), Buffer.from(envelope.iv, "base64"));
    decipher.setAuthTag(Buffer.from(envelope.tag, "base64"));
    const plain = Buffer.concat([decipher.update(Buffer.from(envelope.data, "base64")), decipher.final()]).toString("utf8");
    return JSON.parse(plain);
  } catch {
    throw new CredentialsError("wrong_key", file);
  }
}

/** The store the configuration asks for: ZALO_CREDENTIALS_FILE (default DATA_DIR/zalo-credentials.json), encrypted with ZALO_CREDENTIALS_KEY when set. */
export function credentialsStoreFor(config: { DATA_DIR: string; ZALO_CREDENTIALS_FILE?: string | undefined; ZALO_CREDENTIALS_KEY?: string | undefined }): CredentialsStore {
  return createCredentialsStore({ file: config.ZALO_CREDENTIALS_FILE ?? `${config.DATA_DIR}/zalo-credentials.json`, key: config.ZALO_CREDENTIALS_KEY });
}
