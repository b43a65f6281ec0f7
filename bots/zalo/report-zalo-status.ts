import type { ChannelStatusRegistry } from "../../src/services/channel-status.ts";
import type { ZaloStatus, ZaloTransport } from "./zalo-transport.ts";

/**
 * A Zalo transport's statuses as the channel-status registry keeps them (what /healthz shows and
 * when coordinators are told): connected is up; reconnecting is down and retrying (told after a few
 * failed attempts); a kick, a refused token or a login that stopped working are down until a person
 * acts (told at once; the kick's own alert is sent by start-zca-transport). The reason /healthz and
 * the log show is technical and in English; the coordinators' alert names it in their own language
 * (zalo.reason.*), never as a library's error text.
 */
export function reportZaloStatus(registry: ChannelStatusRegistry, transport: Pick<ZaloTransport, "kind">): (status: ZaloStatus) => void {
  return (status) => {
    switch (status.type) {
      case "connected":
        registry.up("zalo", `${transport.kind === "bot-api" ? "official bot" : "personal account (zca-js)"}, account ${status.accountId}`);
        return;
      case "reconnecting":
        registry.down("zalo", {
          reason: `connection lost, reconnecting (attempt ${status.attempt}): ${status.reason}`,
          said: { key: "zalo.reason.unreachable", params: { attempt: status.attempt } },
          retrying: true,
        });
        return;
      case "kicked":
        registry.down("zalo", {
          reason: `kicked (code ${status.code}, ${status.reason}): the account was opened on Zalo Web/PC; close it there, then log in again by QR at /admin/zalo/login`,
          retrying: false,
          alert: false,
        });
        return;
      case "login_required":
        if (transport.kind === "bot-api") {
          registry.down("zalo", { reason: status.reason, retrying: false, alert: { key: "zalo.token_alert", params: { reason: status.reason } } });
          return;
        }
        registry.down("zalo", {
          reason: `${status.reason}; log in again by QR at /admin/zalo/login (or npm run -s cli -- zalo login)`,
          retrying: false,
          // A new install waiting for its first QR login is not an outage to alert about.
          alert: status.firstLogin ? false : { key: "zalo.login_alert", params: { reason: status.said ?? status.reason } },
        });
        return;
      case "suspended":
        registry.starting("zalo", "paused for a QR login (/admin/zalo/login)");
        return;
      case "stopped":
        registry.off("zalo", "stopped");
        return;
    }
  };
}
