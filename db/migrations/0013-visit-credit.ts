import { sql, type Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * Each visit is credited to one lead: the person who had identified themselves on the
 * browser when the visit was made. A shared browser changes hands when someone else submits
 * from it; the earlier person keeps their visits, the new one gets the visit in progress and
 * what follows. Existing visits go to their browser's lead, as they were counted before.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('visits').addColumn('lead_id', 'text').execute();
  await sql`update visits set lead_id = (select lead_id from visitors where visitors.id = visits.visitor_id)`.execute(
    db,
  );
  await db.schema
    .createIndex('visits_lead')
    .on('visits')
    .columns(['lead_id', 'started_at'])
    .where(sql.ref('lead_id'), 'is not', null)
    .execute();
}
