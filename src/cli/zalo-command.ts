import { join } from "node:path";
import { CredentialsError, credentialsStoreFor } from "../../bots/zalo/zca/credentials-store.ts";
import { qrLogin, QrLoginError } from "../../bots/zalo/zca/qr-login.ts";
import type { ZcaClientFactory } from "../../bots/zalo/zca/zca-client.ts";
import { CliError, type CliContext } from "./cli-context.ts";

const usage = "Use: zalo login | zalo status | zalo logout";

/**
 * `zalo login | status | logout`: the personal/department account behind ZALO_TRANSPORT=zca.
 * login shows Zalo's QR code in the terminal (and as DATA_DIR/zalo-qr.png), waits for the scan and
 * the confirmation on the phone, and saves imei, cookie and user agent (mode 600, encrypted with
 * ZALO_CREDENTIALS_KEY when set); status says whether credentials exist and for which account;
 * logout deletes them.
 */
export async function zaloCommand(ctx: CliContext, args: string[], deps: { zalo?: ZcaClientFactory; signal?: AbortSignal } = {}): Promise<number> {
  const [sub, ...rest] = args;
  if (rest.length > 0) throw new CliError(`"zalo ${sub ?? ""}" takes no options. ${usage}`);
  const store = credentialsStoreFor(ctx.config);
  switch (sub) {
    case "login": {
      if (ctx.config.ZALO_TRANSPORT !== "zca") ctx.out(`Note: ZALO_TRANSPORT is "${ctx.config.ZALO_TRANSPORT}"; set ZALO_TRANSPORT=zca for the service to use this account.`);
      ctx.out("Logging in a Zalo account by QR code. If the service is running with this account, this login takes its session:");
      ctx.out("restart the service afterwards (or log in from the admin page /admin/zalo/login instead, which pauses and resumes it).");
      const controller = new AbortController();
      const onSigint = () => controller.abort();
      process.once("SIGINT", onSigint);
      deps.signal?.addEventListener("abort", onSigint, { once: true });
      try {
        const result = await qrLogin({
          store,
          qrFile: join(ctx.config.DATA_DIR, "zalo-qr.png"),
          signal: controller.signal,
          ...(deps.zalo ? { zalo: deps.zalo } : {}),
          onEvent: (event) => {
            switch (event.type) {
              case "qr":
                ctx.out("");
                if (event.terminal) ctx.out(event.terminal);
                ctx.out(`Open Zalo on the phone of the account → the QR scanner, and scan this code (also saved as ${event.file}).`);
                return;
              case "scanned":
                ctx.out(`Scanned by ${event.displayName || "the account"}: confirm the login on the phone.`);
                return;
              case "expired":
                ctx.out(event.retrying ? "The code expired; here is a new one." : "The code expired.");
                return;
              case "logged_in":
                return;
            }
          },
        });
        ctx.out(`Logged in as ${result.displayName ?? "the account"} (Zalo id ${result.ownId}).`);
        ctx.out(`Credentials saved to ${store.file} (mode 600${store.encrypted ? ", encrypted with ZALO_CREDENTIALS_KEY" : ""}). Keep this file private: it opens the account.`);
        return 0;
      } catch (err) {
        if (err instanceof QrLoginError) {
          ctx.out(`Not logged in: ${err.message}.`);
          return 1;
        }
        throw err;
      } finally {
        process.removeListener("SIGINT", onSigint);
      }
    }
    case "status": {
      let saved;
      try {
        saved = await store.load();
      } catch (err) {
        if (err instanceof CredentialsError) {
          ctx.out(err.message);
          return 1;
        }
        throw err;
      }
      if (!saved) {
        ctx.out(`No Zalo credentials in ${store.file}: run "npm run -s cli -- zalo login".`);
        return 1;
      }
      ctx.out(`Zalo account: ${saved.displayName ?? "(name unknown)"} (Zalo id ${saved.ownId ?? "unknown until the first login"})`);
      ctx.out(`Credentials: ${store.file}${store.encrypted ? ", encrypted" : ""}, saved ${saved.savedAt}`);
      ctx.out(`Transport: ZALO_TRANSPORT=${ctx.config.ZALO_TRANSPORT}${ctx.config.ZALO_TRANSPORT === "zca" ? "" : " (set zca to use this account)"}`);
      return 0;
    }
    case "logout": {
      const removed = await store.remove();
      ctx.out(removed ? `Deleted ${store.file}. To end the session on Zalo's side too, log this device out in the Zalo app on the phone.` : `No Zalo credentials in ${store.file}.`);
      return 0;
    }
    default:
      throw new CliError(`Unknown "zalo ${sub ?? ""}". ${usage}`);
  }
}
