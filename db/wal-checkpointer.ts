import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import { sqliteConnection, type Db } from "./client.ts";

/**
 * How many WAL pages a commit of the serving connection may leave before that commit checkpoints
 * by itself: a safety net only (≈ 40 MB), for when the checkpointer thread is stopped or behind.
 */
const FALLBACK_AUTOCHECKPOINT_PAGES = 10_000;

/** Runs in the worker: its own connection to the file, a PASSIVE checkpoint every `everyMs`. Plain JS (no loader in a worker). */
const workerSource = `
const { parentPort, workerData } = require("node:worker_threads");
const Database = require(workerData.driver);
const db = new Database(workerData.file, { fileMustExist: true });
const checkpoint = () => { try { db.pragma("wal_checkpoint(PASSIVE)"); } catch (err) { parentPort.postMessage({ error: String(err && err.message || err) }); } };
const timer = setInterval(checkpoint, workerData.everyMs);
parentPort.on("message", () => { clearInterval(timer); checkpoint(); db.close(); parentPort.close(); });
`;

export interface WalCheckpointer {
  /** Stops the thread after one last checkpoint; the serving connection checkpoints by itself again. */
  stop(): Promise<void>;
}

/**
 * Moves WAL checkpoints off the serving thread. With better-sqlite3 every statement runs on the
 * event loop, and by default the commit that brings the WAL past 1,000 pages checkpoints it there
 * and then — copying pages into the database file and fsyncing it (synchronous = NORMAL) — while
 * every webhook request waits. Here a worker thread with its own connection checkpoints PASSIVE
 * (it never blocks a writer, and never waits) every `everyMs`, and the serving connection only
 * checkpoints by itself past FALLBACK_AUTOCHECKPOINT_PAGES. Durability is unchanged: a commit is
 * in the WAL (on disk across an application crash) before it returns, as before; a checkpoint only
 * moves committed pages from the WAL into the main file.
 */
export function startWalCheckpointer(db: Db, file: string, opts: { everyMs?: number; onError?: (message: string) => void } = {}): WalCheckpointer | undefined {
  const connection = sqliteConnection(db);
  if (file === ":memory:" || !connection) return undefined;
  const driver = createRequire(import.meta.url).resolve("better-sqlite3");
  const worker = new Worker(workerSource, { eval: true, workerData: { driver, file, everyMs: opts.everyMs ?? 250 } });
  worker.unref();
  connection.pragma(`wal_autocheckpoint = ${FALLBACK_AUTOCHECKPOINT_PAGES}`);
  worker.on("message", (m: { error?: string }) => m.error && opts.onError?.(m.error));
  const exited = new Promise<void>((resolve) => worker.once("exit", () => resolve()));
  worker.on("error", (err) => {
    opts.onError?.(err.message);
    if (connection.open) connection.pragma("wal_autocheckpoint = 1000");
  });
  return {
    async stop() {
      // Held (not unref'd) while stopping: with everything else closed, an unref'd wait would let the
      // event loop empty and the process end right here, before the shutdown finishes and says so.
      worker.ref();
      worker.postMessage("stop");
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([exited, new Promise((resolve) => (timer = setTimeout(resolve, 2_000)))]);
      clearTimeout(timer);
      await worker.terminate();
      if (connection.open) connection.pragma("wal_autocheckpoint = 1000");
    },
  };
}
