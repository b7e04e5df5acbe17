import type { Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * The dashboard adds up a workspace's visits and submissions by day over up to 90 days:
 * without these it would read every visit of the instance, not the workspace's recent ones.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('visits_workspace_started')
    .on('visits')
    .columns(['workspace_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('submissions_workspace_created')
    .on('submissions')
    .columns(['workspace_id', 'created_at'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('submissions_workspace_created').execute();
  await db.schema.dropIndex('visits_workspace_started').execute();
}
