import { join } from "node:path";
import { CredentialsError, credentialsStoreFor } from "../../bots/zalo/zca/credentials-store.ts";
import { qrLogin, QrLoginError } from "../../bots/zalo/zca/qr-login.ts";
import type { ZcaClientFactory } from "../../bots/zalo/zca/zca-client.ts";
import { CliError, type CliContext } from "./cli-context.ts";

/**
 * `zalo login | status | logout`: the personal/department account behind ZALO_TRANSPORT=zca.
 * login shows Zalo's QR code in the terminal (and as DATA_DIR/zalo-qr.png), waits for the scan and
 * the confirmation on the phone, and saves imei, cookie and user agent (mode 600, encrypted with
 * ZALO_CREDENTIALS_KEY when set); status says whether credentials exist and for which account;
 * logout deletes them.
 */
export async function zaloCommand(ctx: CliContext, args: string[], deps: { zalo?: ZcaClientFactory; signal?: AbortSignal } = {}): Promise<number> {
  const [sub, ...rest] = args;
  const { say } = ctx;
  if (rest.length > 0) throw new CliError(say("cli.zalo.noOptions", { sub: sub ?? "" }));
  const store = credentialsStoreFor(ctx.config);
  switch (sub) {
    case "login": {
      if (ctx.config.ZALO_TRANSPORT !== "zca") ctx.out(say("cli.zalo.transportNote", { transport: ctx.config.ZALO_TRANSPORT }));
      ctx.out(say("cli.zalo.loginIntro"));
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
                ctx.out(say("cli.zalo.scanThis", { file: event.file }));
                return;
              case "scanned":
                ctx.out(say("cli.zalo.scanned", { name: event.displayName || say("cli.zalo.theAccount") }));
                return;
              case "expired":
                ctx.out(say(event.retrying ? "cli.zalo.expiredRetry" : "cli.zalo.expired"));
                return;
              case "logged_in":
                return;
            }
          },
        });
        ctx.out(say("cli.zalo.loggedIn", { name: result.displayName ?? say("cli.zalo.theAccount"), id: result.ownId }));
        ctx.out(say(store.encrypted ? "cli.zalo.savedEncrypted" : "cli.zalo.saved", { file: store.file }));
        return 0;
      } catch (err) {
        if (err instanceof QrLoginError) {
          ctx.out(say("cli.zalo.notLoggedIn", { reason: err.reason === "failed" ? say("cli.zalo.reason.failed", { detail: err.message.replace(/^the QR login failed: /, "") }) : say(`cli.zalo.reason.${err.reason}`) }));
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
          ctx.out(say(`cli.zalo.credentialsError.${err.reason}`, { file: err.file }));
          return 1;
        }
        throw err;
      }
      if (!saved) {
        ctx.out(say("cli.zalo.none", { file: store.file }));
        return 1;
      }
      ctx.out(say("cli.zalo.account", { name: saved.displayName ?? say("cli.zalo.nameUnknown"), id: saved.ownId ?? say("cli.zalo.idUnknown") }));
      ctx.out(say(store.encrypted ? "cli.zalo.credentialsEncrypted" : "cli.zalo.credentials", { file: store.file, at: saved.savedAt }));
      ctx.out(say(ctx.config.ZALO_TRANSPORT === "zca" ? "cli.zalo.transport" : "cli.zalo.transportOther", { transport: ctx.config.ZALO_TRANSPORT }));
      return 0;
    }
    case "logout": {
      const removed = await store.remove();
      ctx.out(say(removed ? "cli.zalo.deleted" : "cli.zalo.nothingToDelete", { file: store.file }));
      return 0;
    }
    default:
      throw new CliError(say("cli.zalo.unknown", { sub: sub ?? "" }));
  }
}
