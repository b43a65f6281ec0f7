import { timingSafeEqual } from "node:crypto";
import { join } from "node:path";
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from "fastify";
import type { Logger } from "pino";
import { activeZcaTransport } from "./active-zca-transport.ts";
import type { ZcaTransport } from "./create-zca-transport.ts";
import { credentialsStoreFor } from "./credentials-store.ts";
import { qrLogin, QrLoginError } from "./qr-login.ts";
import type { ZcaClientFactory } from "./zca-client.ts";

export interface ZaloLoginRoutesOptions {
  config: { ADMIN_TOKEN?: string | undefined; DATA_DIR: string; ZALO_CREDENTIALS_FILE?: string | undefined; ZALO_CREDENTIALS_KEY?: string | undefined };
  logger: Logger;
  /** Tests: the fake zca-js client. */
  zalo?: ZcaClientFactory;
  /** The running transport to pause during the login; default: the one this process started. */
  transport?: () => Pick<ZcaTransport, "state" | "suspend" | "resume"> | undefined;
  /**
   * Who may use these routes. Default: ADMIN_TOKEN (bearer or ?token=). The service passes the
   * console's admin-session guard instead: then GET /admin/zalo/login sends the browser to the
   * console's Zalo page (/console/zalo), which starts a login with POST /admin/zalo/login/start.
   */
  authorize?: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

type LoginState =
  | { state: "idle" }
  | { state: "starting" }
  | { state: "qr"; qrVersion: number }
  | { state: "scanned"; qrVersion: number; displayName: string }
  | { state: "logged_in"; ownId: string; displayName?: string }
  | { state: "failed"; reason: string };

/**
 * The QR login for ZALO_TRANSPORT=zca in a browser: GET /admin/zalo/login (ADMIN_TOKEN as a bearer
 * header, or ?token= for a browser) starts a login when none is running and the account has no
 * credentials yet (or with ?new=1), and shows Zalo's QR code with a small status poll. The running
 * transport is paused meanwhile (the new login takes the account's web session, which would
 * otherwise look like a kick) and resumed with the new credentials. These routes log only warnings,
 * so the token in the query never reaches the request log.
 */
export const zaloLoginRoutes: FastifyPluginAsync<ZaloLoginRoutesOptions> = async (app, options) => {
  const store = credentialsStoreFor(options.config);
  const transportOf = options.transport ?? activeZcaTransport.get;
  const log = options.logger.child({ channel: "zalo", module: "admin-login" });
  let login: LoginState = { state: "idle" };
  let qrPng: Buffer | undefined;
  let qrVersion = 0;
  let running: Promise<void> | undefined;

  const start = (): void => {
    login = { state: "starting" };
    qrPng = undefined;
    running = (async () => {
      const transport = transportOf();
      const wasRunning = transport?.state === "running" || transport?.state === "reconnecting";
      if (transport && wasRunning) await transport.suspend();
      let loggedIn = false;
      try {
        const result = await qrLogin({
          store,
          qrFile: join(options.config.DATA_DIR, "zalo-qr.png"),
          ...(options.zalo ? { zalo: options.zalo } : {}),
          onEvent: (event) => {
            if (event.type === "qr") {
              qrPng = event.png;
              qrVersion += 1;
              login = { state: "qr", qrVersion };
            } else if (event.type === "scanned") login = { state: "scanned", qrVersion, displayName: event.displayName };
          },
        });
        loggedIn = true;
        login = { state: "logged_in", ownId: result.ownId, ...(result.displayName ? { displayName: result.displayName } : {}) };
        log.info({ accountId: result.ownId }, "Zalo account logged in from the admin page");
      } catch (err) {
        login = { state: "failed", reason: err instanceof QrLoginError ? err.message : "the QR login failed (see the log)" };
        log.warn({ err: err instanceof Error ? `${err.name}: ${err.message}` : String(err) }, "Zalo QR login from the admin page failed");
      } finally {
        qrPng = undefined;
        running = undefined;
      }
      if (transport && (loggedIn || wasRunning)) await transport.resume();
    })();
  };

  if (options.authorize) app.addHook("preHandler", options.authorize);
  else app.addHook("onRequest", async (req, reply) => requireToken(options.config.ADMIN_TOKEN, req, reply));

  app.post("/admin/zalo/login/start", { logLevel: "warn" }, async (req, reply) => {
    const fresh = (req.body as { new?: unknown } | undefined)?.new === "1";
    if (!running && (fresh || !store.exists())) start();
    return reply.code(303).header("location", "/console/zalo").send();
  });

  app.get("/admin/zalo/login", { logLevel: "warn" }, async (req, reply) => {
    if (options.authorize) return reply.code(303).header("location", "/console/zalo").send();
    const query = req.query as { new?: string };
    if (!running && (query.new === "1" || !store.exists())) start();
    return reply.type("text/html; charset=utf-8").header("cache-control", "no-store").send(page);
  });

  app.get("/admin/zalo/login/status", { logLevel: "warn" }, async (_req, reply) => {
    const saved = login.state === "idle" ? await store.load().catch(() => null) : null;
    return reply.header("cache-control", "no-store").send({ ...login, ...(saved ? { saved: { ownId: saved.ownId ?? null, displayName: saved.displayName ?? null, savedAt: saved.savedAt } } : {}) });
  });

  app.get("/admin/zalo/login/qr.png", { logLevel: "warn" }, async (_req, reply) => {
    if (!qrPng) return reply.code(404).send({ error: "no_qr", message: "No QR code right now: open /admin/zalo/login to start a login." });
    return reply.type("image/png").header("cache-control", "no-store").send(qrPng);
  });
};

async function requireToken(token: string | undefined, req: FastifyRequest, reply: FastifyReply): Promise<void> {
  if (!token) {
    await reply.code(403).send({ error: "admin_disabled", message: "Set ADMIN_TOKEN to use the Zalo login page." });
    return;
  }
  const header = req.headers.authorization ?? "";
  const fromQuery = (req.query as { token?: unknown }).token;
  const given = Buffer.from(header.startsWith("Bearer ") ? header.slice(7) : typeof fromQuery === "string" ? fromQuery : "");
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    await reply.code(401).send({ error: "unauthorized", message: "Open this page with ?token=<ADMIN_TOKEN>, or send Authorization: Bearer <ADMIN_TOKEN>." });
  }
}

/** The page: the QR image and one status line, refreshed every 2 seconds; texts set with textContent only. */
const page = `<!doctype html>
<html lang="vi"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer"><title>Đăng nhập Zalo — chitieu</title>
<style>body{font-family:system-ui,sans-serif;max-width:34rem;margin:2rem auto;padding:0 1rem}img{width:260px;height:260px;image-rendering:pixelated;border:1px solid #ccc}#qr[hidden]{display:none}</style>
</head><body>
<h1>Đăng nhập tài khoản Zalo cho bot</h1>
<p>Mở Zalo trên điện thoại của tài khoản → biểu tượng quét mã QR, quét mã dưới đây rồi xác nhận đăng nhập trên điện thoại.</p>
<p><img id="qr" alt="Mã QR đăng nhập Zalo" hidden></p>
<p id="status">Đang tạo mã QR…</p>
<p><a id="again" href="#">Đăng nhập lại bằng mã mới</a></p>
<script>
const token = new URLSearchParams(location.search).get("token") || "";
const q = (p) => p + (token ? "?token=" + encodeURIComponent(token) : "");
const img = document.getElementById("qr"), line = document.getElementById("status");
document.getElementById("again").href = q("/admin/zalo/login").replace(/\\?|$/, (m) => m ? "?new=1&" : "?new=1");
let shown = 0;
async function poll() {
  try {
    const s = await (await fetch(q("/admin/zalo/login/status"), { cache: "no-store" })).json();
    if ((s.state === "qr" || s.state === "scanned") && s.qrVersion !== shown) { shown = s.qrVersion; img.src = q("/admin/zalo/login/qr.png") + (token ? "&" : "?") + "v=" + shown; img.hidden = false; }
    if (s.state !== "qr" && s.state !== "scanned") img.hidden = true;
    line.textContent =
      s.state === "starting" ? "Đang tạo mã QR…" :
      s.state === "qr" ? "Chờ quét mã…" :
      s.state === "scanned" ? "Đã quét bởi " + s.displayName + ": hãy xác nhận trên điện thoại." :
      s.state === "logged_in" ? "Đã đăng nhập: " + (s.displayName || "") + " (Zalo id " + s.ownId + "). Bot Zalo chạy lại với tài khoản này." :
      s.state === "failed" ? "Chưa đăng nhập được: " + s.reason :
      s.saved ? "Bot đang dùng tài khoản " + (s.saved.displayName || "") + " (Zalo id " + (s.saved.ownId || "?") + "), lưu lúc " + s.saved.savedAt + "." :
      "Chưa có tài khoản Zalo nào.";
  } catch { line.textContent = "Không kết nối được tới dịch vụ."; }
  setTimeout(poll, 2000);
}
poll();
</script>
</body></html>`;
