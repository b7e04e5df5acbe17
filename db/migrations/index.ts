import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-lead-qualification-override';

/**
 * The server is bundled, so the migrator cannot scan this folder at run time: every
 * migration is listed here, in order, once it lands.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-lead-qualification-override': m0002,
};
