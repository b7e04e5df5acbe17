import type { Db } from '../../db/client';

/**
 * Claims this period of a periodic task (the purge, the daily decay) for one instance:
 * one conditional UPDATE moves the task's row to the current period, and only the instance
 * whose update changed it runs the task. However many instances tick, it runs once.
 */
export async function claimPeriod(
  db: Db,
  task: { name: string; periodMs: number },
  worker: string,
  now: number,
): Promise<boolean> {
  const period = Math.floor(now / task.periodMs);
  await db
    .insertInto('periodic_tasks')
    .values({ name: task.name, last_period: -1, claimed_at: 0, claimed_by: null })
    .onConflict((oc) => oc.column('name').doNothing())
    .execute();
  const claimed = await db
    .updateTable('periodic_tasks')
    .set({ last_period: period, claimed_at: now, claimed_by: worker })
    .where('name', '=', task.name)
    .where('last_period', '<', period)
    .executeTakeFirst();
  return Number(claimed.numUpdatedRows) === 1;
}

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
