/**
 * `npm run db:copy -- --to postgres://…`: moves this install (DATA_DIR's SQLite file and
 * its uploaded images) into an empty PostgreSQL database, so an install that outgrows one
 * machine keeps every lead, score and timeline. The SQLite file is only read.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { openDatabase } from '../../db/client';
import { copyDatabase } from '../../db/copy';
import { loadConfig } from '../app/config';

const args = parseArgs({ options: { to: { type: 'string' } }, allowPositionals: false });
const to = z
  .url({ protocol: /^postgres(ql)?$/, error: 'Give the target as --to postgres://user@host/db' })
  .safeParse(args.values.to);
if (!to.success) {
  console.error(to.error.issues[0]!.message);
  process.exit(2);
}
const config = loadConfig({ ...process.env, DATABASE_URL: undefined });
if (config.database.dialect !== 'sqlite') throw new Error('unreachable: the source is SQLite');
// Opening a missing file would make an empty database and "copy" nothing: refuse instead.
if (!existsSync(config.database.file)) {
  console.error(
    `No Kindling database at ${config.database.file}. Run this where the install's data lives, or set DATA_DIR to the folder that holds kindling.sqlite.`,
  );
  process.exit(2);
}
const source = openDatabase(config.database);
const target = openDatabase({
  dialect: 'postgres',
  url: to.data,
  poolSize: 2,
  statementTimeoutMs: 3_600_000,
  ssl: config.DATABASE_SSL,
});
try {
  console.log(`Copying ${config.database.file} to PostgreSQL…`);
  const report = await copyDatabase(source, target, {
    assetsDir: join(config.dataDir, 'assets'),
    progress: (line) => console.log(`  ${line}`),
  });
  console.log('\nEvery table matches, by row count:');
  for (const { table, rows } of report) console.log(`  ${table.padEnd(22)} ${rows}`);
  console.log(
    '\nDone. Start Kindling with DATABASE_URL set to the target and BLOB_STORE=database\n' +
      '(uploaded images are now in the database, where every instance finds them).',
  );
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exitCode = 1;
} finally {
  await source.destroy();
  await target.destroy();
}
