import type { Db } from './client';

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
