import { loadDemoData } from "../../db/seed/load-demo-data.ts";
import { buildApp, type App } from "../../src/app.ts";
import { fixedClock } from "../../src/clock.ts";
import { createTranslator } from "../../src/i18n/translator.ts";
import { createLogger } from "../../src/logger.ts";
import { createChatHost } from "../../src/services/chat-host.ts";
import { tempDatabase } from "./temp-database.ts";
import { testConfig } from "./test-config.ts";

/**
 * The whole service on a real SQLite file in a temp folder and a real port 0, under a clock the
 * test moves. `demo: true` loads the demo province first.
 */
export async function startTestApp(opts: { env?: Record<string, string>; demo?: boolean; now?: string } = {}) {
  const t = tempDatabase();
  const clock = fixedClock(opts.now ?? "2026-11-20T02:00:00Z");
  const config = testConfig(t.dir, opts.env);
  const logger = createLogger("silent");
  if (opts.demo) loadDemoData(t.db, clock.now());
  const translator = createTranslator(config.DEFAULT_LOCALE);
  const chat = createChatHost({ db: t.db, clock, translator, logger, defaultLocale: config.DEFAULT_LOCALE, sessionTtlMinutes: config.SESSION_TTL_MINUTES });
  const app: App = await buildApp({ config, db: t.db, clock, logger, chat });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const { port } = app.server.address() as { port: number };
  return {
    app,
    db: t.db,
    dir: t.dir,
    clock,
    chat,
    config,
    translator,
    base: `http://127.0.0.1:${port}`,
    async close() {
      await app.close();
      t.remove();
    },
  };
}

export type TestApp = Awaited<ReturnType<typeof startTestApp>>;
