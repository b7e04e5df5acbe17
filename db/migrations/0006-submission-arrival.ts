import type { Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * A submission keeps the address the visitor landed on (with its utm_* parameters) and the
 * site that sent them: a visitor who submits before the tracker's first flush still gets
 * the right source, and exports can show medium and campaign.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('submissions').addColumn('landing_url', 'text').execute();
  await db.schema.alterTable('submissions').addColumn('referrer', 'text').execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('submissions').dropColumn('referrer').execute();
  await db.schema.alterTable('submissions').dropColumn('landing_url').execute();
}
