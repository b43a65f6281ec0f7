import { inTransaction, type Db } from "../../db/client.ts";
import { roleAccounts } from "../../db/repositories/role-accounts-repository.ts";
import type { Message } from "../chat/types.ts";
import type { Clock } from "../clock.ts";
import type { Logger } from "pino";
import { queuePersonMessage } from "./host-outbound.ts";

export interface CoordinatorAlert {
  /** Queued as it is; rendered in each coordinator's language when sent. */
  message: Message;
  /** One incident ("zalo-kicked:<account>:<time>"): alerting it twice sends nothing more. */
  incidentKey: string;
  /** The channel that failed: coordinators are told on their other channels, where they can still read. */
  exceptChannel: string;
}

export interface AlertCoordinatorsDeps {
  db: Db;
  clock: Clock;
}

/**
 * Tells every coordinator about an operational problem (the Zalo account was taken over) through
 * the outbox, as a "notice" to each of their linked chat accounts on the other channels. The dedup
 * key is per incident and chat account, so the same incident never reaches anyone twice. Not held
 * back by quiet hours: the bot is down until someone acts. Returns how many messages were queued.
 */
export async function alertCoordinators(deps: AlertCoordinatorsDeps, alert: CoordinatorAlert): Promise<number> {
  const now = deps.clock.now();
  return await inTransaction(deps.db, async () => {
    let queued = 0;
    for (const account of await roleAccounts(deps.db, "coordinator")) {
      if (account.channel === alert.exceptChannel) continue;
      const { created } = await queuePersonMessage(deps.db, { to: account, locale: account.locale, kind: "notice", dedupKey: `alert:${alert.incidentKey}:${account.chatAccountId}`, lines: [alert.message] }, now);
      if (created) queued += 1;
    }
    return queued;
  });
}

/** Queues an alert without waiting for it; `settled()` waits for every alert queued so far. */
export interface BackgroundAlerts {
  (alert: CoordinatorAlert): void;
  /** Resolves once every alert handed over so far is in the outbox (or was logged as failed): before shutdown, and in tests. */
  settled(): Promise<void>;
}

/**
 * The alert for code that cannot wait for it (a channel's status change, the Zalo transport): queued
 * in the background; a failure (the database closing at shutdown, say) is logged, never left as an
 * unhandled rejection that would end the process. On PostgreSQL the write takes a few round trips,
 * so whoever reads the outbox next (or closes the database) first awaits `settled()`.
 */
export function alertCoordinatorsInBackground(deps: AlertCoordinatorsDeps, logger: Logger): BackgroundAlerts {
  const pending = new Set<Promise<void>>();
  const queue = (alert: CoordinatorAlert): void => {
    const written: Promise<void> = alertCoordinators(deps, alert)
      .then(
        () => undefined,
        (err: unknown) => logger.error({ err, incidentKey: alert.incidentKey }, "coordinator alert not queued"),
      )
      .finally(() => pending.delete(written));
    pending.add(written);
  };
  return Object.assign(queue, {
    async settled(): Promise<void> {
      while (pending.size > 0) await Promise.all([...pending]);
    },
  });
}
