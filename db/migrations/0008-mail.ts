import type { Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * Mail leaves Kindling: every message is a row (kept and shown when no SMTP server is
 * configured, sent by a job when one is), each member chooses their alerts, a forgotten
 * password is reset with a single-use token kept hashed, and a visitor's confirmed email
 * is recorded on the lead and on the submission whose consent it confirms.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('mails')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text')
    .addColumn('user_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('to_address', 'text', (c) => c.notNull())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('text_body', 'text', (c) => c.notNull())
    .addColumn('html_body', 'text', (c) => c.notNull())
    .addColumn('headers_json', 'text', (c) => c.notNull())
    /** queued (a job sends it), sent, kept (no SMTP server), capped (over the hourly cap). */
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('last_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('sent_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('mails_workspace_created')
    .on('mails')
    .columns(['workspace_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('member_alerts')
    .addColumn('workspace_id', 'text', (c) => c.notNull())
    .addColumn('user_id', 'text', (c) => c.notNull())
    /** hot, all, turned_hot or none. */
    .addColumn('lead_alert', 'text', (c) => c.notNull())
    /** The hour (0–23, in time_zone) of the daily digest; null: no digest. */
    .addColumn('digest_hour', 'integer')
    .addColumn('time_zone', 'text', (c) => c.notNull())
    /** The member's local day (YYYY-MM-DD) of the last digest claimed for them. */
    .addColumn('last_digest_day', 'text')
    .addPrimaryKeyConstraint('member_alerts_pk', ['workspace_id', 'user_id'])
    .execute();
  await db.schema
    .createTable('password_resets')
    .addColumn('token_hash', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('password_resets_user')
    .on('password_resets')
    .column('user_id')
    .execute();
  await db.schema.alterTable('leads').addColumn('email_confirmed_at', 'bigint').execute();
  await db.schema.alterTable('submissions').addColumn('consent_confirmed_at', 'bigint').execute();
}
