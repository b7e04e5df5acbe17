import { PostgresAdapter, sql, type Kysely } from 'kysely';

/* Frozen in time: never import app code here and never edit once landed. */

/**
 * The inbox search ignores case on both databases: SQLite's `like` already did (for ASCII),
 * PostgreSQL's does not, so both now compare `lower(text) like lower(pattern)`, and the index
 * follows the expression (the same one as src/domain/leads/inbox.ts's SEARCH_TEXT).
 *
 * The index differs by dialect, as it must: on SQLite a B-tree over the workspace and the
 * lowered text, which a search scans instead of every row (a covering index); on
 * PostgreSQL a GIN index of the workspace and the text's trigrams (pg_trgm and btree_gin,
 * trusted extensions any database owner may create), the index PostgreSQL has for
 * `like '%…%'`; one index answers both conditions of a search.
 */
export async function up(db: Kysely<any>): Promise<void> {
  await sql`drop index if exists leads_workspace_search`.execute(db);
  const text = sql`lower(coalesce(name, '') || ' ' || email || ' ' || coalesce(company, ''))`;
  if (db.getExecutor().adapter instanceof PostgresAdapter) {
    await sql`create extension if not exists pg_trgm`.execute(db);
    await sql`create extension if not exists btree_gin`.execute(db);
    await sql`create index leads_search_trigrams on leads using gin (workspace_id, (${text}) gin_trgm_ops)`.execute(
      db,
    );
  } else {
    await sql`create index leads_workspace_search on leads (workspace_id, (${text}), id)`.execute(
      db,
    );
  }
}
