import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { buildApp, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/clock.ts";
import { issueLoginLink } from "../../src/console/console-auth.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { findPersonByPhone } from "../../db/repositories/people-repository.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { testConfig } from "../support/test-config.ts";

/** The service's logger writing into memory, behind an https PUBLIC_URL: what the log keeps, what the cookie says, how often a link may be tried. */
describe("console logins in the log, the cookie and the rate limit", () => {
  const lines: string[] = [];
  const t = tempDatabase();
  const clock = fixedClock("2026-11-20T02:00:00Z");
  let app: App;
  let base: string;

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _e, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    const config = testConfig(t.dir, { LOG_LEVEL: "info", PUBLIC_URL: "https://chitieu.example.test" });
    const logger = createLogger("info", stream);
    const translator = createTranslator("vi");
    await loadDemoData(t.db, clock.now());
    const chat = createChatHost({ db: t.db, clock, translator, logger, defaultLocale: "vi", sessionTtlMinutes: 60, calendar: calendarOfConfig({ HOLIDAYS: "", QUIET_HOURS: "21:00-07:00" }) });
    app = await buildApp({ config, db: t.db, clock, logger, chat, translator, consoleLoginRateLimit: 4 });
    await app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    t.remove();
  });

  it("keeps neither the login token nor the session id in the log, and sets a Secure cookie behind https", async () => {
    const person = (await findPersonByPhone(t.db, "0912000003"))!;
    const link = await issueLoginLink(t.db, person.id, "https://chitieu.example.test", clock.now());
    if (link.type !== "link") throw new Error(link.type);
    expect(link.url.startsWith("https://chitieu.example.test/login?t=")).toBe(true);
    const token = new URL(link.url).searchParams.get("t")!;
    await (await fetch(`${base}/login?t=${token}`)).text();
    const r = await fetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ t: token }) });
    expect(r.status).toBe(303);
    const cookie = r.headers.get("set-cookie")!;
    expect(cookie).toMatch(/; Secure/);
    expect(cookie).toMatch(/HttpOnly/);
    const sessionId = cookie.split(";")[0]!.split("=")[1]!;
    await (await fetch(`${base}/console`, { headers: { cookie: cookie.split(";")[0]! } })).text();
    const log = lines.join("\n");
    expect(log).toContain("/console");
    expect(log).not.toContain(token);
    expect(log).not.toContain(sessionId);
    expect(r.headers.get("strict-transport-security")).toContain("max-age");
  });

  it("answers 429 when one address tries login links too often", async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) statuses.push((await fetch(`${base}/login?t=${"x".repeat(30)}${i}`)).status);
    expect(statuses).toContain(429);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(2);
  });
});
