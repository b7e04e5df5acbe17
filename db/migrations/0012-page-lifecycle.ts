import type { Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * Pages can be archived (out of the list and offline, restorable) and deleted. A deleted
 * page keeps its row, so the leads, submissions and visits that came from it keep their
 * answers and its title; it only leaves every list and gives up its address.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pages').addColumn('archived_at', 'bigint').execute();
  await db.schema.alterTable('pages').addColumn('deleted_at', 'bigint').execute();
}
