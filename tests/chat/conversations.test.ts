import { readdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, it } from "vitest";
import { startTestApp, type TestApp } from "../support/test-app.ts";
import { loadCase, prepareCase, runConversation } from "./run-conversation.ts";

const dir = join(fileURLToPath(new URL(".", import.meta.url)), "cases");

describe("conversations over POST /dev/chat (cases in tests/chat/cases)", () => {
  let app: TestApp | undefined;
  afterEach(async () => {
    await app?.close();
    app = undefined;
  });

  for (const file of readdirSync(dir).filter((f) => f.endsWith(".json")).sort()) {
    const c = loadCase(join(dir, file));
    it(c.name, async () => {
      app = await startTestApp({ demo: true, ...(c.now ? { now: c.now } : {}) });
      await prepareCase(app.db, c);
      await runConversation(app, c);
    });
  }
});
