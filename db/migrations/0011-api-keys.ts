import type { Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * The REST API's keys: made by an owner for one workspace, read or read-write, shown once
 * and kept as a SHA-256 hash (a key is 32 random bytes: a fast hash is enough), with the
 * time it was last used and, once revoked, when.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('api_keys')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('workspace_id', 'text', (c) =>
      c.notNull().references('workspaces.id').onDelete('cascade'),
    )
    .addColumn('name', 'text', (c) => c.notNull())
    /** The key's first characters, shown so that an owner tells keys apart. */
    .addColumn('prefix', 'text', (c) => c.notNull())
    .addColumn('key_hash', 'text', (c) => c.notNull().unique())
    /** read or read_write. */
    .addColumn('access', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('last_used_at', 'bigint')
    .addColumn('revoked_at', 'bigint')
    .execute();
  await db.schema
    .createIndex('api_keys_workspace')
    .on('api_keys')
    .columns(['workspace_id', 'created_at'])
    .execute();
}
