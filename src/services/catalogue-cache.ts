import type { Db } from "../../db/client.ts";
import { catalogueVersion } from "../../db/repositories/catalogue-version.ts";

/** Past this many entries the cache starts again: it is a speed-up, and a province has a few thousand people at most. */
const MAX_ENTRIES = 20_000;

/**
 * A cache of values derived only from the catalogue, the organisation and its people (a person's
 * assigned items, a person as the chat sees them), reused across chat turns. Safe because every
 * entry is dropped as soon as catalogueVersion changes, which any write to those tables does, from
 * this process or another. Inside a transaction that wrote them the stamp is one of its own, which
 * a rollback leaves behind for good, so values read from uncommitted rows are never served after.
 * The values are shared between turns: callers must not change them.
 */
export function catalogueCache<V>(): (db: Db, key: string, compute: () => Promise<V>, version?: string) => Promise<V> {
  const byConnection = new WeakMap<Db, { version: string; values: Map<string, V> }>();
  return async (db, key, compute, readVersion) => {
    // Read before the rows: a write landing in between leaves a stale stamp, never stale rows under a fresh one.
    // A caller looking up many keys at once reads it once and passes it (readVersion), read before any of them.
    const version = readVersion ?? (await catalogueVersion(db));
    let cache = byConnection.get(db);
    if (!cache || cache.version !== version) byConnection.set(db, (cache = { version, values: new Map() }));
    const hit = cache.values.get(key);
    if (hit !== undefined) return hit;
    const value = await compute();
    if (cache.values.size >= MAX_ENTRIES) cache.values.clear();
    cache.values.set(key, value);
    return value;
  };
}
