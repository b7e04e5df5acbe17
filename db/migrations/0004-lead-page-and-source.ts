import { sql, type Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * The inbox filters leads by the page they last submitted on and the source of their first
 * visit, and must stay fast at 100,000 leads: both are kept on the lead (set at submission)
 * rather than looked up per row. Existing leads get them from their submissions and linked
 * visitors. A tier index serves the most used view (hot leads, hottest first) directly.
 * Search looks for text anywhere in name, email or company: an index on the three joined
 * (the same expression as src/domain/leads/inbox.ts's SEARCH_TEXT), with the id, lets a
 * search scan the compact index instead of every row (7 ms instead of 115 at 100,000 leads).
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('leads').addColumn('page_id', 'text').execute();
  await db.schema.alterTable('leads').addColumn('source', 'text').execute();
  await sql`
    create index leads_workspace_search on leads (
      workspace_id,
      (coalesce(name, '') || ' ' || email || ' ' || coalesce(company, '')),
      id
    )`.execute(db);
  await sql`
    update leads set page_id = (
      select s.page_id from submissions s where s.lead_id = leads.id
      order by s.created_at desc limit 1
    )`.execute(db);
  // sources_json is a JSON array written by the app, first source first.
  const visitors = await db
    .selectFrom('visitors')
    .select(['lead_id', 'sources_json', 'first_seen_at'])
    .where('lead_id', 'is not', null)
    .orderBy('first_seen_at')
    .execute();
  for (const v of visitors) {
    let first: unknown;
    try {
      first = (JSON.parse(v.sources_json) as unknown[])[0];
    } catch {
      first = undefined;
    }
    if (typeof first === 'string')
      await db
        .updateTable('leads')
        .set({ source: first.slice(0, 100) })
        .where('id', '=', v.lead_id)
        .where('source', 'is', null)
        .execute();
  }
  await db.schema
    .createIndex('leads_inbox_tier_score')
    .on('leads')
    .columns(['workspace_id', 'qualified', 'tier', 'score', 'id'])
    .execute();
  await db.schema
    .createIndex('leads_workspace_page')
    .on('leads')
    .columns(['workspace_id', 'page_id'])
    .execute();
  await db.schema
    .createIndex('leads_workspace_source')
    .on('leads')
    .columns(['workspace_id', 'source'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  await db.schema.dropIndex('leads_workspace_source').execute();
  await db.schema.dropIndex('leads_workspace_search').execute();
  await db.schema.dropIndex('leads_workspace_page').execute();
  await db.schema.dropIndex('leads_inbox_tier_score').execute();
  await db.schema.alterTable('leads').dropColumn('source').execute();
  await db.schema.alterTable('leads').dropColumn('page_id').execute();
}
