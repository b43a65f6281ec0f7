/**
 * Wakes the dispatcher of this process when a message is enqueued, so it need not poll often.
 * Listeners run on a later tick: enqueueMessage is often called inside a caller's transaction,
 * and the row is only visible once that transaction has committed.
 */
type Listener = () => void;

const listeners = new Set<Listener>();
let scheduled = false;

export const outboxSignal = {
  notify(): void {
    if (scheduled || listeners.size === 0) return;
    scheduled = true;
    setImmediate(() => {
      scheduled = false;
      for (const l of [...listeners]) l();
    });
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
