import { connectZaloChat } from "../../bots/zalo/connect-zalo-chat.ts";
import type { ZcaTransport } from "../../bots/zalo/zca/create-zca-transport.ts";
import { credentialsStoreFor } from "../../bots/zalo/zca/credentials-store.ts";
import { startZcaTransport } from "../../bots/zalo/zca/start-zca-transport.ts";
import { createLogger } from "../../src/logger.ts";
import { FakeZca, savedCredentials, type zcaUser } from "./fake-zca.ts";
import { startTestApp } from "./test-app.ts";

const logger = createLogger("silent");

/**
 * The real chat host (demo province, real SQLite) behind the zca transport and the shared Zalo
 * glue, with the fake zca-js client in place of Zalo: messages go in as zca-js Message objects on
 * the listener, the answers are read off the fake's sendMessage.
 */
export async function startZcaApp(now?: string) {
  const app = await startTestApp({ demo: true, ...(now ? { now } : {}), env: { ZALO_TRANSPORT: "zca" } });
  await credentialsStoreFor(app.config).save(savedCredentials);
  const fake = new FakeZca();
  const transport = await startZcaTransport({ config: app.config, db: app.db, logger, clock: app.clock, translator: app.translator, zalo: fake.factory, sleep: async () => undefined });
  const connection = await connectZaloChat({ transport, chat: app.chat, translator: app.translator, logger, defaultLocale: app.config.DEFAULT_LOCALE, allowGroups: false });
  return { app, fake, transport, connection };
}

export type ZcaApp = Awaited<ReturnType<typeof startZcaApp>>;

export function sentTo(z: ZcaApp, userId: string): string[] {
  return z.fake.apis.flatMap((api) => api.sent.filter((s) => s.threadId === userId).map((s) => s.text));
}

/** One message from a Zalo user through the listener; resolves when it has been answered. */
export async function say(z: ZcaApp, message: ReturnType<ReturnType<typeof zcaUser>["text"]>): Promise<void> {
  z.fake.api.listener.deliver(message);
  await (z.transport as ZcaTransport).idle();
}

