import type { Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * Walking a workspace's leads in id order (re-scoring, exports) a batch at a time: without
 * this index each batch scanned and sorted every lead of the workspace.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createIndex('leads_workspace_id')
    .on('leads')
    .columns(['workspace_id', 'id'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('leads_workspace_id').execute();
}
