import { calendarOfConfig } from "../../src/services/calendar-of-config.ts";
import { Writable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildApp, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { redactUrl } from "../../src/redact-url.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { tempDatabase } from "../support/temp-database.ts";
import { testConfig } from "../support/test-config.ts";

/** The service's own logger writing into memory, and the dev chat on a real port: what an operator's log file would hold. */
describe("access logs", () => {
  const lines: string[] = [];
  const t = tempDatabase();
  let app: App;
  let base: string;

  beforeAll(async () => {
    const stream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(...chunk.toString().split("\n").filter(Boolean));
        done();
      },
    });
    const config = testConfig(t.dir, { LOG_LEVEL: "info" });
    const logger = createLogger("info", stream);
    const clock = fixedClock("2026-11-20T02:00:00Z");
    const translator = createTranslator("vi");
    const chat = createChatHost({ db: t.db, clock, translator, logger, defaultLocale: "vi", sessionTtlMinutes: 60, calendar: calendarOfConfig({ HOLIDAYS: "", QUIET_HOURS: "21:00-07:00" }) });
    app = await buildApp({ config, db: t.db, clock, logger, chat, translator });
    await app.listen({ host: "127.0.0.1", port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`;
  });
  afterAll(async () => {
    await app.close();
    t.remove();
  });

  it("never keep the token of a file download link", async () => {
    const token = "42.1795600000.Zq9mXc3TnW8pLr5vBk2yHd7sFj4gAe6u";
    await (await fetch(`${base}/files/${token}/bao-cao-2026-11.xlsx`)).text();
    const log = lines.join("\n");
    expect(log).toContain('"url":"/files/[redacted]/bao-cao-2026-11.xlsx"');
    expect(log).not.toContain("Zq9mXc3TnW8pLr5vBk2yHd7sFj4gAe6u");
    expect(redactUrl(`/files/${token}/x.png?a=1`)).toBe("/files/[redacted]/x.png?a=[redacted]");
  });

  it("keep the path and status of a dev inbox request but not the phone number in its query", async () => {
    for (const user of ["0912345678", "+84912345678", "0912 345 678", "0912.345.678"]) {
      await (await fetch(`${base}/dev/inbox?user=${encodeURIComponent(user)}&after=0`)).text();
    }
    await (await fetch(`${base}/api/people/0912345678?x=1`)).text();
    const log = lines.join("\n");
    expect(log).toContain('"url":"/dev/inbox?user=[redacted]&after=[redacted]"');
    expect(log).toContain('"url":"/api/people/[redacted]?x=[redacted]"');
    expect(log).toContain('"statusCode"');
    for (const digits of ["912345678", "912%20345%20678", "912.345.678"]) expect(log).not.toContain(digits);
    // No part of the number in any logged URL (the rest of a line holds times and durations, whose digits may be anything).
    const urls = [...log.matchAll(/"url":"([^"]*)"/g)].map((m) => m[1]!);
    expect(urls.length).toBeGreaterThanOrEqual(5);
    for (const url of urls) expect(url).not.toMatch(/345|678|912/);
  });

  it("keep short numbers in a path, which are ids, not phones", () => {
    expect(redactUrl("/api/broadcasts/12/progress")).toBe("/api/broadcasts/12/progress");
    expect(redactUrl("/telegram/webhook")).toBe("/telegram/webhook");
    expect(redactUrl("/dev?as=%2B84%20912%20345%20678")).toBe("/dev?as=[redacted]");
  });
});
