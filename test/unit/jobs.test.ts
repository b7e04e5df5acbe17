import { describe, expect, it } from 'vitest';
import {
  buryAbandonedJobs,
  claimJob,
  completeJob,
  deadJobs,
  enqueueJob,
  failJob,
  retryDelay,
} from '../../db/jobs';
import { claimPeriod } from '../../db/periodic-tasks';
import { failedWork, JOB_KINDS, type JobKind } from '../../src/domain/jobs/kinds';
import { testDb } from '../helpers/db';

const T = Date.UTC(2026, 11, 2, 12);
const LEASE = 60_000;
const job = (key = 'rescore-lead:l1', runAt = T) => ({
  kind: 'rescore-lead',
  key,
  payload: { leadId: 'l1' },
  runAt,
  workspaceId: 'w1',
  maxAttempts: 3,
});
const stateOf = async (db: Awaited<ReturnType<typeof testDb>>, key: string) =>
  db.selectFrom('jobs').selectAll().where('key', '=', key).executeTakeFirstOrThrow();

describe('the job queue (real database)', () => {
  it('claims a due job once: a second worker gets nothing while the lease holds', async () => {
    const db = await testDb();
    await enqueueJob(db, job(), T);
    expect(await claimJob(db, 'a', T - 1, LEASE)).toBeNull(); // not due yet
    const claimed = await claimJob(db, 'a', T, LEASE);
    expect(claimed).toMatchObject({ kind: 'rescore-lead', payload: { leadId: 'l1' }, attempts: 1 });
    expect(await claimJob(db, 'b', T + 1, LEASE)).toBeNull();
    await completeJob(db, claimed!, 'a', T + 2);
    expect((await stateOf(db, 'rescore-lead:l1')).state).toBe('done');
  });

  it('debounces by key: enqueued again while pending, it keeps its first run time', async () => {
    const db = await testDb();
    await enqueueJob(db, job('k', T + 5_000), T);
    await enqueueJob(db, job('k', T + 9_000), T + 3_000);
    expect(await db.selectFrom('jobs').select('run_at').execute()).toEqual([{ run_at: T + 5_000 }]);
  });

  it('runs once more when enqueued while running, and afresh once done', async () => {
    const db = await testDb();
    await enqueueJob(db, job('k'), T);
    const first = (await claimJob(db, 'a', T, LEASE))!;
    await enqueueJob(db, job('k', T + 100), T + 50); // new activity during the run
    await completeJob(db, first, 'a', T + 60);
    expect((await stateOf(db, 'k')).state).toBe('pending');
    const second = (await claimJob(db, 'a', T + 200, LEASE))!;
    await completeJob(db, second, 'a', T + 210);
    expect((await stateOf(db, 'k')).state).toBe('done');
    await enqueueJob(db, job('k', T + 1_000), T + 900);
    expect(await stateOf(db, 'k')).toMatchObject({
      state: 'pending',
      run_at: T + 1_000,
      attempts: 0,
    });
  });

  it('gives a job whose lease ran out (its instance died) to another worker', async () => {
    const db = await testDb();
    await enqueueJob(db, job(), T);
    const lost = (await claimJob(db, 'a', T, LEASE))!;
    expect(await claimJob(db, 'b', T + LEASE - 1, LEASE)).toBeNull();
    const taken = await claimJob(db, 'b', T + LEASE + 1, LEASE);
    expect(taken).toMatchObject({ id: lost.id, attempts: 2 });
    // The first worker, come back, can no longer finish or fail it.
    await completeJob(db, lost, 'a', T + LEASE + 2);
    expect((await stateOf(db, 'rescore-lead:l1')).state).toBe('running');
    await completeJob(db, taken!, 'b', T + LEASE + 3);
    expect((await stateOf(db, 'rescore-lead:l1')).state).toBe('done');
  });

  it('retries a failure with growing backoff, then keeps it dead with its error', async () => {
    const db = await testDb();
    await enqueueJob(db, job(), T);
    let now = T;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const claimed = (await claimJob(db, 'a', now, LEASE))!;
      expect(claimed.attempts).toBe(attempt);
      const outcome = await failJob(db, claimed, 'a', new Error(`boom ${attempt}`), now);
      expect(outcome).toBe(attempt < 3 ? 'retry' : 'dead');
      const row = await stateOf(db, 'rescore-lead:l1');
      if (attempt < 3) {
        expect(row.run_at - now).toBeGreaterThanOrEqual(retryDelay(attempt, 0));
        expect(await claimJob(db, 'a', row.run_at - 1, LEASE)).toBeNull();
        now = row.run_at;
      }
    }
    expect(await deadJobs(db, 'w1')).toEqual([
      expect.objectContaining({ kind: 'rescore-lead', attempts: 3, lastError: 'boom 3' }),
    ]);
    expect(await claimJob(db, 'a', now + 86_400_000, LEASE)).toBeNull();
  });

  it('buries a job abandoned on its last attempt', async () => {
    const db = await testDb();
    await enqueueJob(db, { ...job(), maxAttempts: 1 }, T);
    await claimJob(db, 'a', T, LEASE);
    expect(await buryAbandonedJobs(db, T + LEASE + 1)).toBe(1);
    expect((await stateOf(db, 'rescore-lead:l1')).state).toBe('dead');
  });

  it('doubles the backoff per attempt, capped at an hour, spread ±20 %', () => {
    expect(retryDelay(1, 0.5)).toBe(2_000);
    expect(retryDelay(2, 0.5)).toBe(4_000);
    expect(retryDelay(30, 0.5)).toBe(3_600_000);
    expect(retryDelay(1, 0)).toBe(1_600);
    expect(retryDelay(1, 1)).toBe(2_400);
  });
});

describe('periodic tasks (real database)', () => {
  it('lets one worker claim each period, however many ask', async () => {
    const db = await testDb();
    const task = { name: 'decay-rescore', periodMs: 60_000 };
    const claims = await Promise.all(['a', 'b', 'c'].map((w) => claimPeriod(db, task, w, T + 10)));
    expect(claims.filter(Boolean)).toHaveLength(1);
    expect(await claimPeriod(db, task, 'b', T + 59_000)).toBe(false);
    expect(await claimPeriod(db, task, 'b', T + 60_000)).toBe(true);
  });
});

describe('the kinds of job', () => {
  it('names every failed kind as Settings shows it, and an unknown one by its stored name', async () => {
    const db = await testDb();
    const kinds = Object.keys(JOB_KINDS) as JobKind[];
    const labels = new Set(kinds.map((k) => JOB_KINDS[k].label));
    expect(labels.size).toBe(kinds.length); // no two kinds read alike
    for (const [i, kind] of [...kinds, 'retired-kind'].entries()) {
      await enqueueJob(db, { ...job(`${kind}:x`, T + i), kind, maxAttempts: 1 }, T);
      const claimed = await claimJob(db, 'a', T + i, LEASE);
      await failJob(db, claimed!, 'a', new Error('boom'), T + i);
    }
    const failed = await failedWork(db, 'w1');
    expect(failed.map((f) => f.label).sort()).toEqual(
      [...kinds.map((k) => JOB_KINDS[k].label), 'retired-kind'].sort(),
    );
    expect(failed.every((f) => f.lastError === 'boom')).toBe(true);
  });

  it('parses each kind’s payload at the runner’s boundary', () => {
    expect(JOB_KINDS['rescore-lead'].payload.safeParse({ leadId: 'l1' }).success).toBe(true);
    expect(JOB_KINDS['rescore-lead'].payload.safeParse({ lead: 'l1' }).success).toBe(false);
    expect(JOB_KINDS['send-mail'].payload.safeParse({ mailId: 'x'.repeat(201) }).success).toBe(
      false,
    );
  });
});
