import type { FastifyReply, FastifyRequest } from "fastify";

/** More than this, or slower than this, and the connection is closed instead (a reset, as before). */
const maxDrainBytes = 32 * 1024 * 1024;
const maxDrainMs = 10_000;

/**
 * An onSend hook: when the answer is ready while the request's body is still arriving (a 413 from the
 * body limit, a 401 from a secret check that runs before the body is read), reads the rest of the
 * body off the socket and throws it away before answering. Without it the server answers and closes
 * (Fastify adds `Connection: close` to a refused body), the client is still writing, the kernel
 * resets the connection and the client sees ECONNRESET instead of the answer: a Bot API server
 * retries that forever. The body is bounded; a client that sends more, or too slowly, is cut off.
 */
export function drainUnreadBody(req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: Error | null, payload?: unknown) => void): void {
  const raw = req.raw;
  // Callback style, not async: every answer passes here, and nearly all go straight on, without a promise and a microtask each.
  if (raw.complete || raw.destroyed || reply.statusCode < 400) return done(null, payload);
  void drain(raw).then((drained) => {
    if (drained) reply.removeHeader("connection");
    done(null, payload);
  });
}

function drain(raw: FastifyRequest["raw"]): Promise<boolean> {
  return new Promise((resolve) => {
    let seen = 0;
    const finish = (drained: boolean) => {
      clearTimeout(timer);
      raw.off("data", onData);
      raw.off("end", onEnd);
      raw.off("close", onClose);
      raw.off("error", onClose);
      resolve(drained);
    };
    const onData = (chunk: Buffer) => {
      seen += chunk.length;
      if (seen > maxDrainBytes) finish(false);
    };
    const onEnd = () => finish(true);
    const onClose = () => finish(raw.complete);
    const timer = setTimeout(() => finish(false), maxDrainMs);
    raw.on("data", onData);
    raw.once("end", onEnd);
    raw.once("close", onClose);
    raw.once("error", onClose);
    raw.resume();
  });
}
