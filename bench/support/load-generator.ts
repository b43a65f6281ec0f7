import { fork, type ChildProcess } from "node:child_process";
import { Agent, request } from "node:http";

/**
 * An HTTP load generator in its own process, so that building requests and timing responses does
 * not compete with the server under test for its event loop. It only talks to 127.0.0.1.
 *
 * closed loop: each lane sends its requests one after another (lanes run concurrently);
 * open loop: every request is sent at its scheduled time whether or not earlier ones were answered,
 * and its latency counts from that scheduled time (so a stalled server cannot hide its queue). The one
 * exception is `after`: a request that follows another one's reply (a press on the button under the
 * confirmation) waits for that reply if it is not back yet, as a person would; it is still timed from
 * its scheduled time.
 */

export interface LoadRequest {
  /** Latencies are reported per kind ("echo", "text", "press"…). */
  kind: string;
  /** The JSON body, serialised. */
  body: string;
  /** Closed loop: sent even after the deadline, because it completes the previous request (a press after its text). */
  followsPrevious?: boolean;
  /** Closed loop: this request's address instead of the job's (two instances behind a split). */
  url?: string;
}

export type LoadJob =
  | { type: "closed"; url: string; headers: Record<string, string>; lanes: LoadRequest[][]; deadlineMs: number }
  | { type: "open"; url: string; headers: Record<string, string>; schedule: (LoadRequest & { atMs: number; after?: number })[]; drainMs: number };

export interface LoadResult {
  elapsedMs: number;
  sent: number;
  /** Answered with HTTP 200. */
  ok: number;
  /** Answered with another status, or the request failed. */
  failed: number;
  /** Open loop: still unanswered when the drain deadline passed (aborted). */
  unanswered: number;
  /** Latency in milliseconds of each request answered 200, by kind. */
  latencies: Record<string, number[]>;
  /** Open loop: the latest any request left after its scheduled time (the generator's own lag). */
  maxSendLagMs: number;
  /** Open loop: requests sent late because the reply they follow (`after`) was not back at their time. */
  heldForReply: number;
  errors: string[];
}

type Message = { id: number; job: LoadJob } | { id: number; exit: true };
type Reply = { id: number; result?: LoadResult; error?: string };

/** The parent's handle on the generator process. */
export class LoadGenerator {
  private readonly child: ChildProcess;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve: (r: LoadResult) => void; reject: (e: Error) => void }>();

  constructor() {
    // The child inherits tsx's loader through process.execArgv.
    this.child = fork(new URL(import.meta.url), ["--load-generator"], { stdio: ["ignore", "inherit", "inherit", "ipc"] });
    this.child.on("message", (m: Reply) => {
      const w = this.waiting.get(m.id);
      if (!w) return;
      this.waiting.delete(m.id);
      if (m.result) w.resolve(m.result);
      else w.reject(new Error(m.error ?? "load generator failed"));
    });
    this.child.on("exit", (code) => {
      for (const w of this.waiting.values()) w.reject(new Error(`load generator exited (${code})`));
      this.waiting.clear();
    });
  }

  run(job: LoadJob): Promise<LoadResult> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.child.send({ id, job } satisfies Message);
    });
  }

  async close(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => this.child.once("exit", () => resolve()));
    if (this.child.connected) this.child.send({ id: 0, exit: true } satisfies Message);
    const timer = setTimeout(() => this.child.kill("SIGKILL"), 2_000);
    await exited;
    clearTimeout(timer);
  }
}

// ---- the child process ----

const nowMs = () => Number(process.hrtime.bigint()) / 1e6;

function localUrl(text: string): URL {
  const url = new URL(text);
  checkLocal(url);
  return url;
}

function checkLocal(url: URL): void {
  if (url.hostname !== "127.0.0.1") throw new Error(`the load generator only talks to 127.0.0.1, not ${url.hostname}`);
}

function post(agent: Agent, url: URL, headers: Record<string, string>, body: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(
      { agent, host: url.hostname, port: url.port, path: url.pathname, method: "POST", headers: { ...headers, "content-type": "application/json", "content-length": String(Buffer.byteLength(body)) } },
      (res) => {
        res.on("error", reject);
        res.on("end", () => resolve(res.statusCode ?? 0));
        res.resume();
      },
    );
    req.on("error", reject);
    req.end(body);
  });
}

function emptyResult(): LoadResult {
  return { elapsedMs: 0, sent: 0, ok: 0, failed: 0, unanswered: 0, latencies: {}, maxSendLagMs: 0, heldForReply: 0, errors: [] };
}

function record(r: LoadResult, kind: string, status: number | Error, latencyMs: number): void {
  if (status === 200) {
    (r.latencies[kind] ??= []).push(latencyMs);
    r.ok += 1;
    return;
  }
  r.failed += 1;
  if (r.errors.length < 5) r.errors.push(status instanceof Error ? status.message : `HTTP ${status}`);
}

async function runClosed(job: Extract<LoadJob, { type: "closed" }>): Promise<LoadResult> {
  const url = new URL(job.url);
  checkLocal(url);
  const agent = new Agent({ keepAlive: true, maxSockets: job.lanes.length });
  const r = emptyResult();
  const start = nowMs();
  const deadline = start + job.deadlineMs;
  await Promise.all(
    job.lanes.map(async (lane) => {
      for (const req of lane) {
        if (!req.followsPrevious && nowMs() > deadline) return;
        const t = nowMs();
        r.sent += 1;
        const status = await post(agent, req.url ? localUrl(req.url) : url, job.headers, req.body).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
        record(r, req.kind, status, nowMs() - t);
      }
    }),
  );
  r.elapsedMs = nowMs() - start;
  agent.destroy();
  return r;
}

async function runOpen(job: Extract<LoadJob, { type: "open" }>): Promise<LoadResult> {
  const url = new URL(job.url);
  checkLocal(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 256 });
  const r = emptyResult();
  const pending = new Set<Promise<void>>();
  const answered = new Map<number, Promise<unknown>>();
  const back = new Set<number>();
  let aborted = false;
  const start = nowMs() + 20;
  let next = 0;
  await new Promise<void>((done) => {
    const tick = () => {
      const now = nowMs();
      while (next < job.schedule.length && start + job.schedule[next]!.atMs <= now) {
        const req = job.schedule[next]!;
        const scheduled = start + req.atMs;
        r.maxSendLagMs = Math.max(r.maxSendLagMs, now - scheduled);
        r.sent += 1;
        const index = next;
        const waitFor = req.after !== undefined && !back.has(req.after) ? answered.get(req.after) : undefined;
        if (waitFor) r.heldForReply += 1;
        const send = () => post(agent, url, job.headers, req.body);
        const status = (waitFor ? waitFor.then(send) : send()).catch((e: unknown) => (e instanceof Error ? e : new Error(String(e))));
        answered.set(index, status);
        const p: Promise<void> = status.then((s) => {
          back.add(index);
          if (!aborted) record(r, req.kind, s, nowMs() - scheduled);
          pending.delete(p);
        });
        pending.add(p);
        next += 1;
      }
      if (next >= job.schedule.length) return done();
      setTimeout(tick, Math.max(0, start + job.schedule[next]!.atMs - nowMs()));
    };
    tick();
  });
  let timer: NodeJS.Timeout | undefined;
  const drained = await Promise.race([
    Promise.all([...pending]).then(() => true),
    new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), job.drainMs))),
  ]);
  clearTimeout(timer);
  if (!drained) {
    aborted = true;
    r.unanswered = pending.size;
  }
  r.elapsedMs = nowMs() - start;
  agent.destroy();
  return r;
}

if (process.argv.includes("--load-generator") && process.send) {
  // Bounded: the parent going away ends this process.
  process.on("disconnect", () => process.exit(0));
  process.on("message", (m: Message) => {
    if ("exit" in m) {
      process.exit(0);
    }
    const run = m.job.type === "closed" ? runClosed(m.job) : runOpen(m.job);
    run.then(
      (result) => process.send!({ id: m.id, result } satisfies Reply),
      (err: unknown) => process.send!({ id: m.id, error: err instanceof Error ? err.message : String(err) } satisfies Reply),
    );
  });
}
