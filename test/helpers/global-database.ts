import { onPostgres, prepareTemplate } from './test-database';

/**
 * On PostgreSQL: the template migrated before any file runs. Each test and server drops
 * its own database when done; what a killed run leaves, the next run's set-up drops.
 */
export default async function setup(): Promise<void> {
  if (!onPostgres) return;
  console.log('Tests run on PostgreSQL');
  await prepareTemplate({ dropLeftovers: true });
}
