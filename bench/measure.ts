import type { Db } from '../db/client';
/** Small statistics the benchmarks share. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const worst = (xs: number[]) => Math.max(...xs);

/** `runs` timings of `run` in ms, after one warm-up run (statement cache, page cache). */
export async function timed(run: () => unknown, runs: number): Promise<number[]> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}

/**
 * Marks today's decay re-score as done, as it is at any hour after the daily run. A fresh
 * install would otherwise run it at its first start and re-score every seeded lead; the
 * seeded tiers are arbitrary, so tens of thousands would move and queue alert jobs, and the
 * pages timed would be those of a server digesting them.
 */
export async function decayAlreadyRan(db: Db, now = Date.now()): Promise<void> {
  await db
    .insertInto('periodic_tasks')
    .values({
      name: 'decay-rescore',
      last_period: Math.floor(now / 86_400_000),
      claimed_at: now,
      claimed_by: 'bench',
    })
    .onConflict((oc) =>
      oc.column('name').doUpdateSet({ last_period: Math.floor(now / 86_400_000) }),
    )
    .execute();
}

/**
 * Waits for the work a server does as it starts: it re-scores the leads whose score was
 * made under older rules (every seeded lead, at 100,000 leads for seconds). Pages are timed
 * after it, as on any other hour.
 */
export async function afterStartUpWork(server: { logs: () => string }): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 300_000;) {
    if (server.logs().includes('"msg":"rules upgrade rescore done"')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the start-up re-score did not finish within 5 minutes');
}
