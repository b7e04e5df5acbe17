import { sql, type Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * A/B tests of a page. Variant A is the page itself; B… are page rows of their own
 * (`pages.variant_of` names the page they test), so each has a draft, versions, a preview and
 * a publish like any page, but no address: they are served only at the tested page's address,
 * to the visitors assigned to them.
 *
 * An exposure is one counted visitor of a test: their first view, the variant they were
 * assigned, and their outcome — the lead they became and its tier — which follows the lead
 * until the window closes and is then frozen.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema.alterTable('pages').addColumn('variant_of', 'text').execute();
  await db.schema
    .createIndex('pages_variant_of')
    .on('pages')
    .column('variant_of')
    .where(sql.ref('variant_of'), 'is not', null)
    .execute();

  await db.schema
    .createTable('experiments')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('metric', 'text', (c) => c.notNull())
    .addColumn('window_days', 'integer', (c) => c.notNull())
    .addColumn('min_visitors', 'integer', (c) => c.notNull())
    .addColumn('min_conversions', 'integer', (c) => c.notNull())
    .addColumn('min_days', 'integer', (c) => c.notNull())
    .addColumn('auto_promote_loss', 'real')
    .addColumn('winner_key', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('started_at', 'bigint')
    .addColumn('ended_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('experiments_page')
    .on('experiments')
    .columns(['page_id', 'created_at'])
    .execute();
  // One test at a time per page: a second can only be made once the first has ended.
  await db.schema
    .createIndex('experiments_one_open_per_page')
    .on('experiments')
    .column('page_id')
    .unique()
    .where(sql<boolean>`state <> 'ended'`)
    .execute();

  await db.schema
    .createTable('experiment_variants')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('experiment_id', 'text', (c) => c.notNull())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('share', 'integer', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('version_id', 'text')
    .execute();
  await db.schema
    .createIndex('experiment_variants_key')
    .on('experiment_variants')
    .columns(['experiment_id', 'key'])
    .unique()
    .execute();

  await db.schema
    .createTable('experiment_exposures')
    .addColumn('experiment_id', 'text', (c) => c.notNull())
    .addColumn('assignment_id', 'text', (c) => c.notNull())
    .addColumn('variant_key', 'text', (c) => c.notNull())
    .addColumn('first_seen_at', 'bigint', (c) => c.notNull())
    .addColumn('window_ends_at', 'bigint', (c) => c.notNull())
    .addColumn('lead_id', 'text')
    .addColumn('outcome', 'text')
    .addPrimaryKeyConstraint('experiment_exposures_pk', ['experiment_id', 'assignment_id'])
    .execute();
  await db.schema
    .createIndex('experiment_exposures_lead')
    .on('experiment_exposures')
    .columns(['lead_id', 'window_ends_at'])
    .where(sql.ref('lead_id'), 'is not', null)
    .execute();

  await db.schema.alterTable('submissions').addColumn('variant_id', 'text').execute();
  await db.schema
    .createIndex('submissions_variant')
    .on('submissions')
    .columns(['variant_id', 'lead_id'])
    .where(sql.ref('variant_id'), 'is not', null)
    .execute();
}
