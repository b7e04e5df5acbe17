import type { Db } from '../db/client';
import { RULES_REVISION_KEY, SCORING_RULES_REVISION } from '../src/domain/leads/rules-upgrade';
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
 * Marks the re-scores a server runs as it starts as already done, as they are at any hour
 * on a running install: today's decay re-score, and the one after an upgrade of the rules
 * (the seeded scores stand for scores made under the current rules). A fresh install would
 * otherwise re-score every seeded lead at its first start; the seeded tiers are arbitrary,
 * so tens of thousands would move and queue alert and webhook jobs, and the pages timed
 * would be those of a server working through them.
 */
export async function startUpWorkAlreadyDone(db: Db, now = Date.now()): Promise<void> {
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
  const revision = JSON.stringify(SCORING_RULES_REVISION);
  await db
    .insertInto('instance_settings')
    .values({ key: RULES_REVISION_KEY, value_json: revision })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value_json: revision }))
    .execute();
}

/**
 * Waits for the work a server does as it starts (its check of the rules' revision, which
 * finds nothing to re-score after `startUpWorkAlreadyDone`). Pages are timed after it.
 */
export async function afterStartUpWork(server: { logs: () => string }): Promise<void> {
  for (const started = Date.now(); Date.now() - started < 300_000;) {
    if (server.logs().includes('"msg":"rules upgrade rescore done"')) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the start-up re-score did not finish within 5 minutes');
}
