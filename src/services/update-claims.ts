import type { Logger } from "pino";
import { inTransaction, isDatabaseOpen, type Db } from "../../db/client.ts";
import { claimProcessedUpdate, processedUpdateSeen, type ConversationAddress } from "../../db/repositories/chat-repository.ts";
import type { Inbound } from "../chat/types.ts";
import type { Clock } from "../clock.ts";

export interface UpdateClaim {
  key: string;
  channel: Inbound["channel"];
  updateId: string;
  at: Date;
}

/**
 * Thrown inside a turn's transaction (which it rolls back) when the update's claim row exists
 * already: on PostgreSQL, another instance took the same update and committed first.
 */
export class UpdateHandledElsewhere extends Error {
  constructor(readonly channel: string, readonly updateId: string) {
    super(`${channel} update ${updateId} was handled by another instance: not handled twice`);
    this.name = "UpdateHandledElsewhere";
  }
}

/** A write that failed (the database busy past its timeout) is tried again this much later. */
const RETRY_MS = 1_000;

/**
 * The ids of inbound updates, claimed in memory before any work and written to processed_updates
 * only once the update's own turn has committed: in that turn's transaction (the claim and the work
 * it guards commit together), or, for an update that no turn took along (a block-status update, a
 * turn that failed), when the adapter says it is done with it. Never earlier: an update waiting in a
 * chat's queue behind another is not handled yet, and after a crash Telegram's redelivery of it
 * must be handled, not refused. A redelivery that arrives while the first delivery is still in
 * memory is refused from memory.
 *
 * Several instances on one PostgreSQL database: the claim is a row of processed_updates (primary key
 * channel + update id), inserted first in the turn's transaction. Two instances given the same
 * update both pass claim() (nothing committed yet); the second's insert waits for the first's
 * transaction and, once that commits, inserts nothing: writeClaimOf then throws
 * UpdateHandledElsewhere, so the second turn rolls back and nothing is written twice.
 */
export function createUpdateClaims(db: Db, clock: Clock, logger: Logger) {
  const pending = new Map<string, UpdateClaim>();
  const keyOf = (channel: Inbound["channel"], updateId: string) => `${channel}\u0000${updateId}`;

  async function writeAlone(claim: UpdateClaim): Promise<void> {
    // Closed at shutdown: the claim is lost as in a crash, and a redelivery is handled again.
    if (!isDatabaseOpen(db)) return void pending.delete(claim.key);
    try {
      await inTransaction(db, async () => claimProcessedUpdate(db, claim.channel, claim.updateId, claim.at));
      pending.delete(claim.key);
    } catch (err) {
      logger.error({ err, updateId: claim.updateId }, "update id could not be recorded; trying again");
      setTimeout(() => pending.has(claim.key) && void writeAlone(claim), RETRY_MS).unref();
    }
  }

  return {
    /** True the first time an update id is seen on a channel; false for a redelivery. */
    async claim(channel: Inbound["channel"], updateId: string): Promise<boolean> {
      const key = keyOf(channel, updateId);
      if (pending.has(key) || await processedUpdateSeen(db, channel, updateId)) return false;
      pending.set(key, { key, channel, updateId, at: clock.now() });
      return true;
    },
    /**
     * Inside the transaction of the turn that handles `updateRef` ("telegram:123"): writes that
     * update's claim, and only that one. Settle it once the transaction has committed. With
     * `lockChat`, the chat's turn lock is taken in the same statement on PostgreSQL when there is a
     * claim to write (claimProcessedUpdate): a returned claim means the lock is held.
     */
    async writeClaimOf(updateRef: string | undefined, lockChat?: ConversationAddress): Promise<UpdateClaim | undefined> {
      const at = updateRef?.indexOf(":") ?? -1;
      const claim = updateRef && at > 0 ? pending.get(keyOf(updateRef.slice(0, at) as Inbound["channel"], updateRef.slice(at + 1))) : undefined;
      if (claim && !(await claimProcessedUpdate(db, claim.channel, claim.updateId, claim.at, lockChat))) {
        // Another instance sharing the database handled the same update (a redelivery that reached both):
        // its insert committed first (PostgreSQL made this one wait for it). This turn must not run again.
        pending.delete(claim.key);
        throw new UpdateHandledElsewhere(claim.channel, claim.updateId);
      }
      return claim;
    },
    /** After the transaction that wrote this claim committed: it is recorded. */
    settle(claim: UpdateClaim | undefined): void {
      if (claim) pending.delete(claim.key);
    },
    /** The adapter is done with the update: a claim no turn took along is written now. */
    async finish(channel: Inbound["channel"], updateId: string): Promise<void> {
      const claim = pending.get(keyOf(channel, updateId));
      if (claim) await writeAlone(claim);
    },
  };
}
