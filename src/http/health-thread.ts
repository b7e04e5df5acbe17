import { Worker } from 'node:worker_threads';
import type { DatabaseTarget } from '../../db/client';

/** What the health thread is started with (health-worker.mjs reads it). */
export type HealthWorkerData = {
  port: number;
  host: string;
  database: DatabaseTarget;
  /** One int64: when the main thread last ran its timers (epoch ms). */
  heartbeat: SharedArrayBuffer;
  staleAfterMs: number;
};

const BEAT_EVERY_MS = 200;

/**
 * Starts the liveness endpoint on its own thread and port (see health-worker.ts) and keeps
 * its heartbeat: the main thread is alive while its timers run.
 */
export function startHealthThread(options: {
  port: number;
  host: string;
  database: DatabaseTarget;
}): {
  stop: () => Promise<void>;
} {
  const heartbeat = new SharedArrayBuffer(8);
  const beat = new BigInt64Array(heartbeat);
  const mark = () => Atomics.store(beat, 0, BigInt(Date.now()));
  mark();
  const timer = setInterval(mark, BEAT_EVERY_MS);
  timer.unref();
  const worker = new Worker(new URL('./health-worker.mjs', import.meta.url), {
    workerData: { ...options, heartbeat, staleAfterMs: 10_000 } satisfies HealthWorkerData,
  });
  worker.unref();
  return {
    stop: async () => {
      clearInterval(timer);
      await worker.terminate();
    },
  };
}
