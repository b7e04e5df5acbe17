import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from './client';
import type { Database } from './schema';
import { newId } from '../src/shared/ids';

/**
 * A durable queue in the database that every instance drains: a job is claimed by one
 * conditional UPDATE that takes a lease, so two instances never run it at once, and a job
 * whose instance died is claimed again when its lease runs out. A failure is retried with
 * backoff; after its last attempt the job is dead, kept with its error for the owner to see.
 * Only portable SQL: the same statements run on SQLite and PostgreSQL.
 */

export type NewJob = {
  kind: string;
  /** One pending or running job per key: enqueueing the key again debounces. */
  key: string;
  payload: unknown;
  runAt: number;
  workspaceId?: string | null;
  maxAttempts?: number;
};

export type ClaimedJob = {
  id: string;
  kind: string;
  key: string;
  payload: unknown;
  attempts: number;
  maxAttempts: number;
};

const DEFAULT_MAX_ATTEMPTS = 8;

/**
 * Adds a job, or debounces it: while its key is pending nothing changes (the first run time
 * stands, so a stream of activity cannot postpone it forever); while it runs, it is marked
 * to run once more afterwards; a finished or dead job of that key starts afresh.
 */
export const enqueueJob = (db: Db, job: NewJob, now: number): Promise<void> =>
  enqueueJobs(db, [job], now);

/** Several jobs in one statement (the lead events of one change, say); the same rules. */
export async function enqueueJobs(db: Db, jobs: NewJob[], now: number): Promise<void> {
  if (!jobs.length) return;
  await db
    .insertInto('jobs')
    .values(
      jobs.map((job) => ({
        id: newId(now),
        kind: job.kind,
        key: job.key,
        payload_json: JSON.stringify(job.payload ?? null),
        state: 'pending' as const,
        run_at: job.runAt,
        attempts: 0,
        max_attempts: job.maxAttempts ?? DEFAULT_MAX_ATTEMPTS,
        again: 0 as const,
        lease_until: null,
        claimed_by: null,
        last_error: null,
        workspace_id: job.workspaceId ?? null,
        created_at: now,
        updated_at: now,
      })),
    )
    .onConflict((oc) =>
      oc
        .column('key')
        .doUpdateSet({
          state: sql`case when jobs.state = 'running' then 'running' else 'pending' end`,
          again: sql`case when jobs.state = 'running' then 1 else 0 end`,
          payload_json: sql`excluded.payload_json`,
          run_at: sql`case when jobs.state = 'running' then jobs.run_at else excluded.run_at end`,
          attempts: sql`case when jobs.state = 'running' then jobs.attempts else 0 end`,
          last_error: sql`case when jobs.state = 'running' then jobs.last_error else null end`,
          updated_at: now,
        })
        .where('jobs.state', '!=', 'pending'),
    )
    .execute();
}

const due = (now: number) => (eb: ExpressionBuilder<Database, 'jobs'>) =>
  eb.and([
    eb('attempts', '<', eb.ref('max_attempts')),
    eb.or([
      eb.and([eb('state', '=', 'pending'), eb('run_at', '<=', now)]),
      eb.and([eb('state', '=', 'running'), eb('lease_until', '<', now)]),
    ]),
  ]);

/**
 * Whether any job is due: a read, so an idle instance's polls write nothing (on SQLite even
 * an UPDATE that matches no row takes the write lock).
 */
export async function anyJobDue(db: Db, now: number): Promise<boolean> {
  return (
    (await db.selectFrom('jobs').select('id').where(due(now)).limit(1).executeTakeFirst()) !==
    undefined
  );
}

/**
 * Claims the job due longest, for `leaseMs`: one statement, so of two instances racing
 * for it one gets it and the other nothing. Null when nothing is due.
 */
export async function claimJob(
  db: Db,
  worker: string,
  now: number,
  leaseMs: number,
): Promise<ClaimedJob | null> {
  const row = await db
    .updateTable('jobs')
    .set((eb) => ({
      state: 'running',
      lease_until: now + leaseMs,
      attempts: eb('attempts', '+', 1),
      claimed_by: worker,
      updated_at: now,
    }))
    .where('id', '=', (eb) =>
      eb.selectFrom('jobs').select('id').where(due(now)).orderBy('run_at').limit(1),
    )
    .where(due(now))
    .returning(['id', 'kind', 'key', 'payload_json', 'attempts', 'max_attempts'])
    .executeTakeFirst();
  if (!row) return null;
  return {
    id: row.id,
    kind: row.kind,
    key: row.key,
    payload: JSON.parse(row.payload_json) as unknown,
    attempts: row.attempts,
    maxAttempts: row.max_attempts,
  };
}

/** Jobs whose lease ran out on their last attempt: their instance died running them. */
export async function buryAbandonedJobs(db: Db, now: number): Promise<number> {
  const r = await db
    .updateTable('jobs')
    .set({ state: 'dead', last_error: 'The instance running it stopped on its last attempt.' })
    .where('state', '=', 'running')
    .where('lease_until', '<', now)
    .where((eb) => eb('attempts', '>=', eb.ref('max_attempts')))
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Done; or pending again when it was enqueued while it ran. Only the lease holder can. */
export async function completeJob(db: Db, job: ClaimedJob, worker: string, now: number) {
  await db
    .updateTable('jobs')
    .set({
      state: sql`case when again = 1 then 'pending' else 'done' end`,
      attempts: sql`case when again = 1 then 0 else attempts end`,
      again: 0,
      lease_until: null,
      updated_at: now,
    })
    .where('id', '=', job.id)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'running')
    .execute();
}

/** How long a failed job waits: 2 s, 4 s, 8 s… up to an hour, ±20 % so retries spread. */
export function retryDelay(attempts: number, random = Math.random()): number {
  const base = Math.min(3_600_000, 1_000 * 2 ** attempts);
  return Math.round(base * (0.8 + 0.4 * random));
}

/** Failed: retried after a backoff, or dead after its last attempt, keeping the error. */
export async function failJob(
  db: Db,
  job: ClaimedJob,
  worker: string,
  error: unknown,
  now: number,
): Promise<'retry' | 'dead'> {
  const dead = job.attempts >= job.maxAttempts;
  await db
    .updateTable('jobs')
    .set({
      state: dead ? 'dead' : 'pending',
      run_at: now + retryDelay(job.attempts),
      lease_until: null,
      again: 0,
      last_error: String(error instanceof Error ? error.message : error).slice(0, 1000),
      updated_at: now,
    })
    .where('id', '=', job.id)
    .where('claimed_by', '=', worker)
    .where('state', '=', 'running')
    .execute();
  return dead ? 'dead' : 'retry';
}

/** Finished jobs older than `olderThanMs` go; dead ones stay until the owner has seen them. */
export async function forgetFinishedJobs(db: Db, now: number, olderThanMs: number) {
  const r = await db
    .deleteFrom('jobs')
    .where('state', '=', 'done')
    .where('updated_at', '<', now - olderThanMs)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

export type DeadJob = {
  kind: string;
  key: string;
  attempts: number;
  lastError: string | null;
  at: number;
};

/** A workspace's dead jobs, newest first, for Settings. */
export async function deadJobs(db: Db, workspaceId: string, limit = 20): Promise<DeadJob[]> {
  const rows = await db
    .selectFrom('jobs')
    .select(['kind', 'key', 'attempts', 'last_error', 'updated_at'])
    .where('workspace_id', '=', workspaceId)
    .where('state', '=', 'dead')
    .orderBy('updated_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => ({
    kind: r.kind,
    key: r.key,
    attempts: r.attempts,
    lastError: r.last_error,
    at: r.updated_at,
  }));
}
