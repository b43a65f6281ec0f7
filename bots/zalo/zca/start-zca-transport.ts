import type { Logger } from "pino";
import type { Db } from "../../../db/client.ts";
import { findChatAccount } from "../../../db/repositories/chat-repository.ts";
import { findPersonByPhone } from "../../../db/repositories/people-repository.ts";
import { systemClock, type Clock } from "../../../src/clock.ts";
import type { Config } from "../../../src/config.ts";
import { createTranslator, type Translator } from "../../../src/i18n/translator.ts";
import { alertCoordinatorsInBackground, type CoordinatorAlert } from "../../../src/services/alert-coordinators.ts";
import type { ZaloStatus } from "../zalo-transport.ts";
import { createZcaTransport, type ReconnectBackoff, type ZcaTransport } from "./create-zca-transport.ts";
import { credentialsStoreFor } from "./credentials-store.ts";
import { activeZcaTransport } from "./active-zca-transport.ts";
import type { ZcaClientFactory } from "./zca-client.ts";

export interface StartZcaTransportOptions {
  config: Config;
  db: Db;
  logger: Logger;
  clock?: Clock;
  translator?: Translator;
  /** Where the kick alert goes; default: a notice to every coordinator on their other channels (src/services/alert-coordinators.ts). */
  alertCoordinators?: (alert: CoordinatorAlert) => void;
  /** Tests: the fake zca-js client and an instant sleep. */
  zalo?: ZcaClientFactory;
  sleep?: (ms: number) => Promise<void>;
  backoff?: Partial<ReconnectBackoff>;
}

/**
 * The zca-js transport as the service runs it (ZALO_TRANSPORT=zca), ready for connectZaloChat to
 * start: credentials from ZALO_CREDENTIALS_FILE (encrypted with ZALO_CREDENTIALS_KEY when set),
 * groups per ZALO_GROUPS, who may be written to from chat_accounts (people who wrote to the account
 * first) and the friend list, friend requests accepted from registered phone numbers. When someone
 * opens the account on Zalo Web/PC (a kick), the error is logged and the coordinators are alerted
 * once, on their other channels. The admin login page finds this transport to pause it during a QR login.
 */
export async function startZcaTransport(options: StartZcaTransportOptions): Promise<ZcaTransport> {
  const { config, db, logger } = options;
  const clock = options.clock ?? systemClock;
  const translator = options.translator ?? createTranslator(config.DEFAULT_LOCALE);
  const alert = options.alertCoordinators ?? alertCoordinatorsInBackground({ db, clock }, logger);
  const store = credentialsStoreFor(config);
  let alertedIncident: string | undefined;

  const transport: ZcaTransport = createZcaTransport({
    credentialsStore: store,
    logger,
    allowGroups: config.ZALO_GROUPS,
    now: () => clock.now(),
    hasWrittenFirst: async (accountId, userId) => await findChatAccount(db, "zalo", accountId, userId) !== undefined,
    isRegisteredPhone: async (phone) => await findPersonByPhone(db, phone) !== undefined,
    ...(options.zalo ? { zalo: options.zalo } : {}),
    ...(options.sleep ? { sleep: options.sleep } : {}),
    ...(options.backoff ? { backoff: options.backoff } : {}),
    observe: (status: ZaloStatus) => {
      if (status.type === "connected") alertedIncident = undefined;
      if (status.type !== "kicked" || alertedIncident !== undefined) return;
      const account = transport.accountId || "?";
      alertedIncident = `zalo-kicked:${account}:${clock.now().toISOString()}`;
      logger.error({ code: status.code, accountId: account }, "the Zalo account was opened on Zalo Web/PC: the Zalo bot stopped; coordinators alerted on their other channels");
      try {
        alert({ message: { key: "zalo.kicked_alert", params: { account, code: status.code } }, incidentKey: alertedIncident, exceptChannel: "zalo" });
      } catch (err) {
        logger.error({ err: err instanceof Error ? err.message : String(err) }, "the coordinators could not be alerted about the Zalo kick");
      }
    },
  });
  activeZcaTransport.set(transport);
  return transport;
}
