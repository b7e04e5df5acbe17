import { PostgresAdapter, type Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * What several instances must agree on, in the database instead of one process's memory:
 * a durable queue of jobs every instance drains, a fixed-window counter per rate-limited
 * key, a row per periodic task that one instance claims each period, and uploaded files
 * for installs whose instances do not share a disk.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('jobs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('kind', 'text', (c) => c.notNull())
    /** At most one pending or running job per key: enqueueing it again debounces. */
    .addColumn('key', 'text', (c) => c.notNull().unique())
    .addColumn('payload_json', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_attempts', 'integer', (c) => c.notNull())
    /** Enqueued again while running: run once more after this run, to see what came in. */
    .addColumn('again', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('lease_until', 'bigint')
    .addColumn('claimed_by', 'text')
    .addColumn('last_error', 'text')
    .addColumn('workspace_id', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('jobs_due').on('jobs').columns(['state', 'run_at']).execute();
  await db.schema
    .createIndex('jobs_workspace_state')
    .on('jobs')
    .columns(['workspace_id', 'state'])
    .execute();
  // Uploaded files, when BLOB_STORE=database: binary is the one type the dialects name apart.
  const binary = db.getExecutor().adapter instanceof PostgresAdapter ? 'bytea' : 'blob';
  await db.schema
    .createTable('blobs')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('bytes', binary, (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('rate_limits')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('window_start', 'bigint', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('periodic_tasks')
    .addColumn('name', 'text', (c) => c.primaryKey())
    /** The last period (now / period length, floored) some instance claimed. */
    .addColumn('last_period', 'bigint', (c) => c.notNull())
    .addColumn('claimed_at', 'bigint', (c) => c.notNull())
    .addColumn('claimed_by', 'text')
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropTable('periodic_tasks').execute();
  await db.schema.dropTable('rate_limits').execute();
  await db.schema.dropTable('blobs').execute();
  await db.schema.dropTable('jobs').execute();
}
