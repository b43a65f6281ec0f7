import { describe, expect, it } from "vitest";
import { reportZaloStatus } from "../../bots/zalo/report-zalo-status.ts";
import type { ZaloStatus } from "../../bots/zalo/zalo-transport.ts";
import { fixedClock } from "../../src/clock.ts";
import { render } from "../../src/i18n/render.ts";
import { createLogger } from "../../src/logger.ts";
import type { CoordinatorAlert } from "../../src/services/alert-coordinators.ts";
import { createChannelStatus } from "../../src/services/channel-status.ts";

/** The alert a coordinator reads after these statuses of a personal-account (zca) transport, in each language. */
function alertAfter(statuses: ZaloStatus[]): { vi: string; en: string; health: string } {
  const alerts: CoordinatorAlert[] = [];
  const registry = createChannelStatus({ clock: fixedClock("2026-11-20T02:00:00Z"), logger: createLogger("silent"), alert: (a) => void alerts.push(a) });
  const report = reportZaloStatus(registry, { kind: "zca" });
  for (const s of statuses) report(s);
  expect(alerts).toHaveLength(1);
  const zalo = registry.get("zalo");
  return { vi: render(alerts[0]!.message, "vi"), en: render(alerts[0]!.message, "en"), health: zalo?.state === "down" ? zalo.reason : "" };
}

const libraryWords = /fetch failed|closed 1006|zpw_sek|reconnecting|refused the saved credentials|\.json/;

describe("a Zalo outage reaches the coordinator in their language, the technical reason only in /healthz", () => {
  it("a connection that keeps failing: 'cannot reach Zalo' with the attempts, not the library's error", () => {
    const statuses: ZaloStatus[] = [1, 2, 3, 4, 5].map((attempt) => ({ type: "reconnecting", attempt, reason: attempt === 1 ? "closed 1006" : "TypeError: fetch failed", delayMs: 5_000 }));
    const { vi, en, health } = alertAfter(statuses);
    expect(vi).toContain("Lý do: bot không kết nối được tới Zalo (đã thử lại 5 lần).");
    expect(en).toContain("Reason: the bot cannot reach Zalo (tried again 5 times).");
    for (const text of [vi, en]) expect(text).not.toMatch(libraryWords);
    expect(health).toContain("fetch failed");
  });

  it("saved credentials Zalo keeps refusing: said as such, with the count", () => {
    const { vi, en, health } = alertAfter([
      { type: "login_required", reason: "Zalo refused the saved credentials 3 times in a row: ZaloApiError: zpw_sek bị thiếu", said: { key: "zalo.reason.credentials_refused", params: { times: 3 } } },
    ]);
    expect(vi).toContain("Chi tiết: Zalo đã từ chối phiên đăng nhập đã lưu của bot 3 lần liền.");
    expect(en).toContain("Details: Zalo refused the bot's saved login 3 times in a row.");
    for (const text of [vi, en]) expect(text).not.toMatch(libraryWords);
    expect(health).toContain("zpw_sek");
  });

  it.each(["not_json", "no_key", "incomplete", "wrong_key"] as const)("a credentials file that cannot be used (%s): a sentence in each language", (problem) => {
    const { vi, en } = alertAfter([{ type: "login_required", reason: `/data/zalo-credentials.json: ${problem}`, said: { key: `zalo.reason.credentials_${problem}` } }]);
    expect(vi).toMatch(/Chi tiết: [^.]*tệp đăng nhập Zalo/);
    expect(en).toMatch(/Details: [^.]*Zalo login file/);
    for (const text of [vi, en]) expect(text).not.toMatch(libraryWords);
  });
});
