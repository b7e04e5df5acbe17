import type { Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

export async function up(db: Kysely<any>): Promise<void> {
  const ts = 'bigint' as const;

  await db.schema
    .createTable('workspaces')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('settings_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('users')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
    .addColumn('password_hash', 'text', (c) => c.notNull())
    .addColumn('is_instance_owner', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('password_changed_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('memberships')
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addPrimaryKeyConstraint('memberships_pk', ['workspace_id', 'user_id'])
    .execute();
  await db.schema.createIndex('memberships_user').on('memberships').column('user_id').execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('user_agent', 'text', (c) => c.notNull().defaultTo(''))
    .execute();
  await db.schema.createIndex('sessions_user').on('sessions').column('user_id').execute();

  await db.schema
    .createTable('auth_throttle')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('failures', 'integer', (c) => c.notNull())
    .addColumn('window_started_at', ts, (c) => c.notNull())
    .addColumn('locked_until', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('instance_settings')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('value_json', 'text', (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('invites')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull().references('users.id').onDelete('cascade'))
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('expires_at', ts, (c) => c.notNull())
    .addColumn('accepted_at', ts)
    .execute();

  await db.schema
    .createTable('pages')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text')
    .addColumn('draft_json', 'text', (c) => c.notNull())
    .addColumn('draft_revision', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('published_version_id', 'text')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('pages_workspace')
    .on('pages')
    .columns(['workspace_id', 'updated_at'])
    .execute();

  await db.schema
    .createTable('page_versions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('page_id', 'text', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('version_no', 'integer', (c) => c.notNull())
    .addColumn('document_json', 'text', (c) => c.notNull())
    .addColumn('published_at', ts, (c) => c.notNull())
    .addColumn('published_by', 'text')
    .addUniqueConstraint('page_versions_page_no', ['page_id', 'version_no'])
    .execute();

  await db.schema
    .createTable('assets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('content_type', 'text', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull())
    .addColumn('width', 'integer')
    .addColumn('height', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('leads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('email_normalized', 'text', (c) => c.notNull())
    .addColumn('name', 'text')
    .addColumn('company', 'text')
    .addColumn('phone', 'text')
    .addColumn('fields_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('tier', 'text', (c) => c.notNull())
    .addColumn('breakdown_json', 'text', (c) => c.notNull())
    .addColumn('model_version', 'integer', (c) => c.notNull())
    .addColumn('qualified', 'integer', (c) => c.notNull().defaultTo(1))
    .addColumn('unqualified_reason', 'text')
    .addColumn('status', 'text', (c) => c.notNull().defaultTo('new'))
    .addColumn('assignee_user_id', 'text')
    .addColumn('submissions_count', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('first_touch_at', ts, (c) => c.notNull())
    .addColumn('last_touch_at', ts, (c) => c.notNull())
    .addColumn('scored_at', ts, (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('updated_at', ts, (c) => c.notNull())
    .addUniqueConstraint('leads_workspace_email', ['workspace_id', 'email_normalized'])
    .execute();
  await db.schema
    .createIndex('leads_inbox_score')
    .on('leads')
    .columns(['workspace_id', 'qualified', 'score', 'id'])
    .execute();
  await db.schema
    .createIndex('leads_inbox_touch')
    .on('leads')
    .columns(['workspace_id', 'qualified', 'last_touch_at', 'id'])
    .execute();
  await db.schema
    .createIndex('leads_inbox_created')
    .on('leads')
    .columns(['workspace_id', 'qualified', 'created_at', 'id'])
    .execute();

  await db.schema
    .createTable('visitors')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('public_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.references('leads.id').onDelete('set null'))
    .addColumn('first_seen_at', ts, (c) => c.notNull())
    .addColumn('last_seen_at', ts, (c) => c.notNull())
    .addColumn('visits', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('distinct_days', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('engaged_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('sources_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addUniqueConstraint('visitors_workspace_public', ['workspace_id', 'public_id'])
    .execute();
  await db.schema.createIndex('visitors_lead').on('visitors').column('lead_id').execute();

  await db.schema
    .createTable('visits')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text', (c) =>
      c.notNull().references('visitors.id').onDelete('cascade'),
    )
    .addColumn('page_id', 'text', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('started_at', ts, (c) => c.notNull())
    .addColumn('last_event_at', ts, (c) => c.notNull())
    .addColumn('engaged_ms', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('max_scroll', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('blocks_seen_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('clicks', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('pages_viewed', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('referrer', 'text')
    .addColumn('utm_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('device', 'text')
    .execute();
  await db.schema
    .createIndex('visits_visitor')
    .on('visits')
    .columns(['visitor_id', 'started_at'])
    .execute();
  await db.schema
    .createIndex('visits_page')
    .on('visits')
    .columns(['page_id', 'started_at'])
    .execute();

  await db.schema
    .createTable('events')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('visit_id', 'text', (c) => c.notNull().references('visits.id').onDelete('cascade'))
    .addColumn('visitor_id', 'text', (c) => c.notNull())
    .addColumn('page_id', 'text', (c) => c.notNull())
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('data_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .addColumn('received_at', ts, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('events_visit').on('events').columns(['visit_id', 'at']).execute();
  await db.schema.createIndex('events_received').on('events').column('received_at').execute();

  await db.schema
    .createTable('submissions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('lead_id', 'text', (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('page_id', 'text', (c) => c.notNull().references('pages.id').onDelete('cascade'))
    .addColumn('page_version_id', 'text', (c) => c.notNull())
    .addColumn('visitor_id', 'text')
    .addColumn('idempotency_key', 'text', (c) => c.notNull())
    .addColumn('form_block_id', 'text', (c) => c.notNull())
    .addColumn('form_purpose', 'text', (c) => c.notNull())
    .addColumn('answers_json', 'text', (c) => c.notNull())
    .addColumn('consent_json', 'text')
    .addColumn('flags_json', 'text', (c) => c.notNull().defaultTo('[]'))
    .addColumn('ip_hash', 'text')
    .addColumn('user_agent', 'text')
    .addColumn('duration_ms', 'integer')
    .addColumn('created_at', ts, (c) => c.notNull())
    .addUniqueConstraint('submissions_idempotency', ['workspace_id', 'idempotency_key'])
    .execute();
  await db.schema
    .createIndex('submissions_lead')
    .on('submissions')
    .columns(['lead_id', 'created_at'])
    .execute();
  await db.schema
    .createIndex('submissions_page')
    .on('submissions')
    .columns(['page_id', 'created_at'])
    .execute();

  await db.schema
    .createTable('lead_activity')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('lead_id', 'text', (c) => c.notNull().references('leads.id').onDelete('cascade'))
    .addColumn('type', 'text', (c) => c.notNull())
    .addColumn('at', ts, (c) => c.notNull())
    .addColumn('actor_user_id', 'text')
    .addColumn('data_json', 'text', (c) => c.notNull().defaultTo('{}'))
    .execute();
  await db.schema
    .createIndex('lead_activity_lead')
    .on('lead_activity')
    .columns(['lead_id', 'at'])
    .execute();

  await db.schema
    .createTable('scoring_models')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('model_json', 'text', (c) => c.notNull())
    .addColumn('created_at', ts, (c) => c.notNull())
    .addColumn('created_by', 'text')
    .addUniqueConstraint('scoring_models_version', ['workspace_id', 'version'])
    .execute();
}

export async function down(db: Kysely<any>): Promise<void> {
  const tables = [
    'scoring_models',
    'lead_activity',
    'submissions',
    'events',
    'visits',
    'visitors',
    'leads',
    'assets',
    'page_versions',
    'pages',
    'invites',
    'instance_settings',
    'auth_throttle',
    'sessions',
    'memberships',
    'users',
    'workspaces',
  ];
  for (const table of tables) await db.schema.dropTable(table).execute();
}
