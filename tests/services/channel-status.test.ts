import { describe, expect, it } from "vitest";
import { fixedClock } from "../../src/clock.ts";
import { createLogger } from "../../src/logger.ts";
import type { CoordinatorAlert } from "../../src/services/alert-coordinators.ts";
import { createChannelStatus } from "../../src/services/channel-status.ts";

function registry() {
  const clock = fixedClock("2026-11-20T02:00:00Z");
  const alerts: CoordinatorAlert[] = [];
  const status = createChannelStatus({ clock, logger: createLogger("silent"), alert: (a) => void alerts.push(a), alertAfterFailures: 3, alertAfterMs: 10 * 60_000 });
  return { clock, alerts, status };
}

describe("the channel-status registry", () => {
  it("keeps an outage's start while its reason follows the latest failure, and tells coordinators once after a few failures", () => {
    const { clock, alerts, status } = registry();
    status.up("zalo", "official bot");
    clock.advance(60_000);
    status.down("zalo", { reason: "getMe failed: timed out", retrying: true });
    clock.advance(5_000);
    status.down("zalo", { reason: "getMe failed: 502", retrying: true });
    expect(alerts).toEqual([]);
    status.down("zalo", { reason: "getMe failed: 503", retrying: true });
    status.down("zalo", { reason: "getMe failed: 503", retrying: true });
    expect(status.get("zalo")).toEqual({ state: "down", since: "2026-11-20T02:01:00.000Z", reason: "getMe failed: 503", failures: 4, retrying: true, alerted: true });
    expect(alerts).toEqual([
      { incidentKey: "zalo-down:2026-11-20T02:01:00.000Z", exceptChannel: "zalo", message: { key: "channel.down_alert", params: { channel: "Zalo", since: "09:01 20/11/2026", reason: "getMe failed: 503" } } },
    ]);
  });

  it("tells coordinators of a retrying outage after ten minutes even with few failures", () => {
    const { clock, alerts, status } = registry();
    status.down("zalo", { reason: "closed 1006", retrying: true });
    clock.advance(10 * 60_000);
    status.down("zalo", { reason: "fetch failed", retrying: true });
    expect(alerts).toHaveLength(1);
  });

  it("tells at once of an outage that waits for a person, with its own message, and a new outage is a new incident", () => {
    const { clock, alerts, status } = registry();
    status.down("zalo", { reason: "401 Unauthorized", retrying: false, alert: { key: "zalo.token_alert", params: { reason: "401" } } });
    status.down("zalo", { reason: "401 Unauthorized", retrying: false, alert: { key: "zalo.token_alert", params: { reason: "401" } } });
    expect(alerts.map((a) => a.message.key)).toEqual(["zalo.token_alert"]);
    clock.advance(60_000);
    status.up("zalo");
    expect(status.get("zalo")).toEqual({ state: "up", since: "2026-11-20T02:01:00.000Z" });
    clock.advance(60_000);
    status.down("zalo", { reason: "kicked", retrying: false, alert: false });
    status.down("zalo", { reason: "401", retrying: true, alertNow: true });
    expect(alerts).toHaveLength(1);
    expect(status.all()).toEqual({ zalo: expect.objectContaining({ state: "down", since: "2026-11-20T02:02:00.000Z", alerted: true }) });
  });
});
