import type { Db } from '../../db/client';
import { claimPeriod } from '../../db/periodic-tasks';

export type PeriodicTask = {
  name: string;
  periodMs: number;
  run: (now: number) => Promise<unknown>;
};

/**
 * Ticks every task on this instance a few times a period; each tick runs the task only if
 * it claims the period (see claimPeriod). Returns a stop function.
 */
export function runPeriodically(
  db: Db,
  tasks: PeriodicTask[],
  worker: string,
  log: (o: object) => void,
): () => void {
  const timers = tasks.map((task) => {
    const tick = async () => {
      const now = Date.now();
      try {
        if (!(await claimPeriod(db, task, worker, now))) return;
        const result = await task.run(now);
        log({
          level: 'info',
          msg: `${task.name} done`,
          period: Math.floor(now / task.periodMs),
          result,
          ms: Date.now() - now,
        });
      } catch (error) {
        log({ level: 'error', msg: `${task.name} failed`, error: String(error) });
      }
    };
    void tick();
    const timer = setInterval(() => void tick(), Math.max(50, Math.min(60_000, task.periodMs / 4)));
    timer.unref();
    return timer;
  });
  return () => timers.forEach(clearInterval);
}
