/** What a dispatcher run did, by outcome. */
export interface DispatchStats {
  /** Rows taken from the outbox. */
  claimed: number;
  sent: number;
  /** The channel said "too many requests": due again after its retry_after, not an attempt. */
  retried: number;
  /** 5xx, network, timeout: due again after a backoff. */
  transient: number;
  /** Put back unsent until the chat may receive again (per-chat limit) or the edited message exists. */
  deferred: number;
  failed: number;
  /** Refused by the recipient now (403). */
  blocked: number;
  /** Not sent because the recipient had blocked us before. */
  skippedBlocked: number;
  /** Edits not sent because a later edit of the same message replaces them (marked sent). */
  superseded: number;
}

export function emptyStats(): DispatchStats {
  return { claimed: 0, sent: 0, retried: 0, transient: 0, deferred: 0, failed: 0, blocked: 0, skippedBlocked: 0, superseded: 0 };
}

export function addStats(into: DispatchStats, s: DispatchStats): void {
  for (const k of Object.keys(into) as (keyof DispatchStats)[]) into[k] += s[k];
}

/** Never the error object: a channel's error can carry the payload, and texts stay out of logs. */
export function errorSummary(err: unknown): { type: string; message: string } {
  if (err instanceof Error) return { type: err.name, message: err.message };
  return { type: typeof err, message: String(err) };
}
