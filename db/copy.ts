import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { sql } from 'kysely';
import type { Db } from './client';
import { migrateToLatest } from './migrator';
import { transact } from './transact';

/** Kysely's own bookkeeping: the target's migrations are run, never copied. */
const SKIPPED = /^(sqlite_|kysely_migration)/;
const BATCH = 500;

export type CopyReport = { table: string; rows: number }[];

/**
 * The app's tables in an order that respects their foreign keys: a table comes after
 * every table it references (read from SQLite's own schema, so a new table is included
 * without being listed here).
 */
async function tablesInOrder(source: Db): Promise<string[]> {
  const { rows } = await sql<{ name: string }>`
    select name from sqlite_master where type = 'table' order by name`.execute(source);
  const tables = rows.map((r) => r.name).filter((n) => !SKIPPED.test(n));
  const refs = new Map<string, Set<string>>();
  for (const table of tables) {
    const { rows: keys } = await sql<{ table: string }>`
      select "table" from pragma_foreign_key_list(${table})`.execute(source);
    refs.set(table, new Set(keys.map((k) => k.table).filter((t) => t !== table)));
  }
  const ordered: string[] = [];
  const visit = (table: string, path: string[]) => {
    if (ordered.includes(table)) return;
    if (path.includes(table)) throw new Error(`Foreign keys loop through ${path.join(' → ')}`);
    for (const ref of refs.get(table) ?? []) if (refs.has(ref)) visit(ref, [...path, table]);
    ordered.push(table);
  };
  for (const table of tables) visit(table, []);
  return ordered;
}

async function count(db: Db, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*) as n from ${sql.table(table)}`.execute(
    db,
  );
  return Number(rows[0]!.n);
}

/** Every file under `root`, as blob keys (paths with forward slashes). */
async function filesUnder(root: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (dir: string) => {
    for (const entry of await readdir(dir, { withFileTypes: true }).catch(() => [])) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) await walk(path);
      else if (entry.isFile()) found.push(relative(root, path).split(sep).join('/'));
    }
  };
  await walk(root);
  return found.sort();
}

/**
 * Copies a SQLite install into an empty PostgreSQL database: the target is migrated,
 * refused unless every table is empty, then filled table by table in batches inside one
 * transaction (a failed copy leaves the target as empty as it was), uploads from the
 * assets folder included as database blobs, and every table's row count compared at the
 * end. `progress` hears a line per batch.
 */
export async function copyDatabase(
  source: Db,
  target: Db,
  options: { assetsDir: string | null; progress: (line: string) => void },
): Promise<CopyReport> {
  await migrateToLatest(source);
  await migrateToLatest(target);
  const tables = await tablesInOrder(source);
  for (const table of tables)
    if ((await count(target, table)) > 0)
      throw new Error(`The target database is not empty (${table} has rows); nothing was copied.`);

  const files = options.assetsDir ? await filesUnder(options.assetsDir) : [];
  const expected = new Map<string, number>();
  for (const table of tables) expected.set(table, await count(source, table));
  await transact(
    target,
    async (tx) => {
      for (const table of tables) {
        const total = expected.get(table)!;
        let done = 0;
        // rowid order: stable, indexed, and every SQLite table has one.
        for (let after = -Infinity; ;) {
          const { rows } = await sql<Record<string, unknown> & { _rowid: number }>`
            select rowid as _rowid, * from ${sql.table(table)}
            where rowid > ${after} order by rowid limit ${BATCH}`.execute(source);
          if (!rows.length) break;
          after = rows.at(-1)!._rowid;
          const values = rows.map(({ _rowid, ...row }) => row);
          await tx
            .insertInto(table as never)
            .values(values as never)
            .execute();
          done += rows.length;
          options.progress(
            `${table}: ${done.toLocaleString('en')} of ${total.toLocaleString('en')}`,
          );
        }
      }
      const known = new Set(
        (await tx.selectFrom('blobs').select('key').execute()).map((b) => b.key),
      );
      let copied = 0;
      for (const key of files) {
        if (known.has(key)) continue;
        const path = join(options.assetsDir!, key);
        await tx
          .insertInto('blobs')
          .values({
            key,
            bytes: await readFile(path),
            created_at: Math.round((await stat(path)).mtimeMs),
          })
          .execute();
        copied++;
        if (copied % 50 === 0 || copied === files.length)
          options.progress(`uploaded files: ${copied} of ${files.length}`);
      }
      expected.set('blobs', known.size + copied);
    },
    { attempts: 1 },
  );

  const report: CopyReport = [];
  for (const table of tables) {
    const rows = await count(target, table);
    if (rows !== expected.get(table))
      throw new Error(`${table}: ${rows} rows on the target, ${expected.get(table)} expected`);
    report.push({ table, rows });
  }
  return report;
}
