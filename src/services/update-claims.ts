import type { Logger } from "pino";
import { inTransaction, type Db } from "../../db/client.ts";
import { claimProcessedUpdate, processedUpdateSeen } from "../../db/repositories/chat-repository.ts";
import type { Inbound } from "../chat/types.ts";
import type { Clock } from "../clock.ts";

export interface UpdateClaim {
  key: string;
  channel: Inbound["channel"];
  updateId: string;
  at: Date;
}

/** A flush that failed (the database busy past its timeout) is tried again this much later. */
const RETRY_MS = 1_000;

/**
 * The ids of inbound updates, claimed in memory before any work and written to processed_updates in
 * the transaction of the turn that handles them, not in a commit of their own (which cost as much
 * as a fifth of the rest of the turn). The claim and the work it guards commit together: a crash
 * between them loses neither, and Telegram's redelivery of an update whose turn never committed is
 * handled, not dropped. A redelivery that comes while the first delivery is still in memory is
 * refused from memory. Claims that no turn takes along (a block-status update, a turn that failed)
 * are written on their own right after.
 */
export function createUpdateClaims(db: Db, clock: Clock, logger: Logger) {
  const pending = new Map<string, UpdateClaim>();
  let flushQueued = false;

  const write = (claims: UpdateClaim[]) => {
    for (const c of claims) claimProcessedUpdate(db, c.channel, c.updateId, c.at);
  };
  const settle = (claims: UpdateClaim[]) => {
    for (const c of claims) pending.delete(c.key);
  };

  function queueFlush(): void {
    if (flushQueued) return;
    flushQueued = true;
    // After the current update's middleware has run: by then its turn has taken its claim along.
    setImmediate(flush);
  }

  function flush(): void {
    flushQueued = false;
    const claims = [...pending.values()];
    if (claims.length === 0) return;
    // Closed at shutdown: what is left is lost as in a crash, and a redelivery is handled again.
    if (!db.$client.open) return pending.clear();
    try {
      inTransaction(db, () => write(claims));
      settle(claims);
    } catch (err) {
      logger.error({ err, claims: claims.length }, "update ids could not be recorded; trying again");
      setTimeout(queueFlush, RETRY_MS).unref();
    }
  }

  return {
    /** True the first time an update id is seen on a channel; false for a redelivery. */
    claim(channel: Inbound["channel"], updateId: string): boolean {
      const key = `${channel}\u0000${updateId}`;
      if (pending.has(key) || processedUpdateSeen(db, channel, updateId)) return false;
      pending.set(key, { key, channel, updateId, at: clock.now() });
      queueFlush();
      return true;
    },
    /** Inside a turn's transaction: writes every claim still pending. Settle them once it has committed. */
    writePending(): UpdateClaim[] {
      const claims = [...pending.values()];
      write(claims);
      return claims;
    },
    /** After the transaction that wrote these claims committed: they are recorded. */
    settle,
  };
}
