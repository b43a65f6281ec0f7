import { mkdir, rm, writeFile } from "node:fs/promises";
import { dirname } from "node:path";
import { LoginQRCallbackEventType, type LoginQRCallbackEvent } from "zca-js";
import type { CredentialsStore } from "./credentials-store.ts";
import { renderQrForTerminal } from "./render-qr-for-terminal.ts";
import { createZcaClient, type ZcaApi, type ZcaClientFactory } from "./zca-client.ts";

export type QrLoginEvent =
  /** A new QR code: saved as a PNG (qrFile), and as terminal text when the image reads as a QR code. */
  | { type: "qr"; png: Buffer; file: string; terminal?: string }
  | { type: "scanned"; displayName: string }
  /** The code expired unscanned (after about 100 s); a new one follows while retries remain. */
  | { type: "expired"; retrying: boolean }
  | { type: "logged_in"; ownId: string; displayName?: string };

export interface QrLoginOptions {
  store: CredentialsStore;
  /** Where the QR image is written for a browser or an image viewer: DATA_DIR/zalo-qr.png. Removed once logged in. */
  qrFile: string;
  zalo?: ZcaClientFactory;
  onEvent?: (event: QrLoginEvent) => void;
  /** New codes after an expired one (default 2): the person at the phone may be slow. */
  maxRetries?: number;
  /** Aborts the wait (Ctrl-C, a newer login from the admin page). */
  signal?: AbortSignal;
  userAgent?: string;
}

export interface QrLoginResult {
  ownId: string;
  displayName?: string;
}

/** The QR login ended without credentials: declined on the phone, expired too often, or aborted. */
export class QrLoginError extends Error {
  override name = "QrLoginError";
  constructor(
    readonly reason: "declined" | "expired" | "aborted" | "failed",
    message: string,
  ) {
    super(message);
  }
}

/** A current desktop browser's user agent: Zalo binds the cookie to it, and it is saved with the credentials. */
const defaultUserAgent = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

/**
 * Logs a Zalo account in by QR code (zca-js loginQR): shows each code (PNG file and terminal text),
 * waits for the scan and the confirmation on the phone, then saves imei, cookie and user agent
 * together (mode 600, encrypted when a key is configured). The cookie is saved again after the
 * first login, as Zalo refreshed it, with the account's own id.
 */
export async function qrLogin(options: QrLoginOptions): Promise<QrLoginResult> {
  const { store, qrFile } = options;
  const maxRetries = options.maxRetries ?? 2;
  let retries = 0;
  let displayName: string | undefined;
  let abort: (() => unknown) | undefined;
  let failure: QrLoginError | undefined;
  let saving: Promise<unknown> = Promise.resolve();
  let saveError: unknown;
  const stop = (reason: QrLoginError) => {
    failure ??= reason;
    abort?.();
  };
  const onAbort = () => stop(new QrLoginError("aborted", "the QR login was cancelled"));
  if (options.signal?.aborted) throw new QrLoginError("aborted", "the QR login was cancelled");
  options.signal?.addEventListener("abort", onAbort, { once: true });

  const callback = (event: LoginQRCallbackEvent): void => {
    switch (event.type) {
      case LoginQRCallbackEventType.QRCodeGenerated: {
        abort = event.actions.abort;
        if (failure) {
          abort();
          return;
        }
        const png = Buffer.from(event.data.image, "base64");
        saving = saving.then(async () => {
          // The terminal and the admin page show the code even when the PNG cannot be written.
          await mkdir(dirname(qrFile), { recursive: true })
            .then(() => writeFile(qrFile, png, { mode: 0o600 }))
            .catch(() => undefined);
          const terminal = renderQrForTerminal(png);
          options.onEvent?.({ type: "qr", png, file: qrFile, ...(terminal ? { terminal } : {}) });
        });
        return;
      }
      case LoginQRCallbackEventType.QRCodeExpired: {
        const retrying = retries < maxRetries && !options.signal?.aborted;
        options.onEvent?.({ type: "expired", retrying });
        if (retrying) {
          retries += 1;
          event.actions.retry();
        } else stop(new QrLoginError("expired", "the QR code expired without being scanned: run the login again"));
        return;
      }
      case LoginQRCallbackEventType.QRCodeScanned:
        abort = event.actions.abort;
        displayName = event.data.display_name || undefined;
        options.onEvent?.({ type: "scanned", displayName: event.data.display_name });
        return;
      case LoginQRCallbackEventType.QRCodeDeclined:
        // zca-js leaves the login hanging after a decline until retry or abort is called.
        abort = event.actions.abort;
        stop(new QrLoginError("declined", "the login was declined on the phone"));
        return;
      case LoginQRCallbackEventType.GotLoginInfo:
        saving = saving
          .then(() => store.save({ imei: event.data.imei, cookie: event.data.cookie as unknown as Record<string, unknown>[], userAgent: event.data.userAgent, ...(displayName ? { displayName } : {}) }))
          .catch((err: unknown) => {
            saveError ??= err;
          });
        return;
    }
  };

  let api: ZcaApi;
  try {
    api = await (options.zalo ?? createZcaClient)().loginQR({ userAgent: options.userAgent ?? defaultUserAgent, language: "vi" }, callback);
  } catch (err) {
    await saving.catch(() => undefined);
    if (failure) throw failure;
    throw new QrLoginError("failed", `the QR login failed: ${err instanceof Error ? err.message : String(err)}`);
  } finally {
    options.signal?.removeEventListener("abort", onAbort);
  }
  await saving;
  if (saveError !== undefined) throw saveError;
  const ownId = api.getOwnId();
  const context = api.getContext();
  const saved = await store.load();
  const cookies = api.getCookie().toJSON()?.cookies;
  await store.save({
    imei: context.imei || saved?.imei || "",
    userAgent: context.userAgent || saved?.userAgent || "",
    cookie: (cookies && cookies.length > 0 ? cookies : (saved?.cookie ?? [])) as Record<string, unknown>[],
    ownId,
    ...(displayName ? { displayName } : {}),
  });
  await rm(qrFile, { force: true });
  options.onEvent?.({ type: "logged_in", ownId, ...(displayName ? { displayName } : {}) });
  return { ownId, ...(displayName ? { displayName } : {}) };
}
