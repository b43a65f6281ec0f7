import { afterAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { testConfig } from "../support/test-config.ts";

/**
 * Behind a reverse proxy every request comes from the proxy's address. TRUST_PROXY names the proxy,
 * so the console's per-address login limit counts each client (X-Forwarded-For), and without it no
 * forwarded header is believed (a client could otherwise pick a new address for every try).
 */
describe("the console's login limit behind a proxy (TRUST_PROXY)", () => {
  const apps: { app: App; remove: () => void }[] = [];
  afterAll(async () => {
    for (const { app, remove } of apps.splice(0)) {
      await app.close();
      remove();
    }
  });

  async function start(env: Record<string, string>): Promise<string> {
    const t = tempDatabase();
    const clock = fixedClock("2026-11-20T02:00:00Z");
    const config = testConfig(t.dir, env);
    const logger = createLogger("silent");
    const translator = createTranslator("vi");
    const chat = createChatHost({ db: t.db, clock, translator, logger, defaultLocale: "vi", sessionTtlMinutes: 60, calendar: calendarOfConfig({ HOLIDAYS: "", QUIET_HOURS: "21:00-07:00" }) });
    const app = await buildApp({ config, db: t.db, clock, logger, chat, translator, consoleLoginRateLimit: 3 });
    apps.push({ app, remove: t.remove });
    await app.listen({ host: "127.0.0.1", port: 0 });
    return `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  }

  /** Login-link tries as a proxy forwards them: `clients` addresses, `each` tries each; the statuses. */
  async function tries(base: string, clients: number, each: number): Promise<number[]> {
    const statuses: number[] = [];
    for (let c = 0; c < clients; c++) {
      for (let i = 0; i < each; i++) {
        statuses.push((await fetch(`${base}/login?t=${"x".repeat(30)}${c}${i}`, { headers: { "x-forwarded-for": `203.0.113.${c + 1}` } })).status);
      }
    }
    return statuses;
  }

  it("with the proxy trusted, counts each forwarded client: three clients, three tries each, none refused; a fourth try is", async () => {
    const base = await start({ TRUST_PROXY: "loopback" });
    expect(await tries(base, 3, 3)).not.toContain(429);
    expect((await fetch(`${base}/login?t=${"y".repeat(31)}`, { headers: { "x-forwarded-for": "203.0.113.1" } })).status).toBe(429);
  });

  it("without TRUST_PROXY, believes no forwarded header: the same tries are one address, refused past the limit", async () => {
    const base = await start({});
    expect((await tries(base, 3, 3)).filter((s) => s === 429)).toHaveLength(6);
  });
});
