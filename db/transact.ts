import type { Transaction } from 'kysely';
import { isPostgres, type Db } from './client';
import type { Database } from './schema';

export type Tx = Transaction<Database>;

/**
 * Failures that mean "run me again": PostgreSQL's serialization failure and deadlock
 * (CockroachDB, SERIALIZABLE by default, reports every write conflict as 40001), and
 * SQLite's busy reader-turned-writer (a transaction that read while another process
 * wrote cannot write, and SQLite answers at once rather than wait, since waiting could
 * deadlock; starting over does not).
 */
const RETRYABLE = new Set(['40001', '40P01', 'SQLITE_BUSY', 'SQLITE_BUSY_SNAPSHOT']);

export function isRetryable(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && RETRYABLE.has(code);
}

/**
 * Runs `work` in one transaction, again from the start when the database says it lost a
 * race, with jittered, growing pauses so that the racers do not collide again in step.
 * `work` must be safe to run twice: it only reads and writes through `tx`.
 *
 * On PostgreSQL the transaction is REPEATABLE READ: a read-modify-write whose row another
 * transaction changed meanwhile fails with 40001 and is retried, where READ COMMITTED
 * would silently overwrite the other's update.
 */
export async function transact<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: { attempts?: number; baseDelayMs?: number } = {},
): Promise<T> {
  const attempts = options.attempts ?? 8;
  const base = options.baseDelayMs ?? 5;
  const begin = () =>
    isPostgres(db) ? db.transaction().setIsolationLevel('repeatable read') : db.transaction();
  for (let attempt = 1; ; attempt++) {
    try {
      return await begin().execute(work);
    } catch (error) {
      if (attempt >= attempts || !isRetryable(error)) throw error;
      await pause(retryDelayMs(attempt, base));
    }
  }
}

/** Full jitter over an exponential ceiling (capped at a second). */
export function retryDelayMs(attempt: number, baseMs: number, random = Math.random): number {
  return Math.round(random() * Math.min(1_000, baseMs * 2 ** attempt));
}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
