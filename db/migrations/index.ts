import type { Migration } from 'kysely';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-lead-qualification-override';
import * as m0003 from './0003-leads-by-workspace';
import * as m0004 from './0004-lead-page-and-source';
import * as m0005 from './0005-workspace-traffic';
import * as m0006 from './0006-submission-arrival';
import * as m0007 from './0007-shared-state';
import * as m0008 from './0008-mail';
import * as m0009 from './0009-search-any-case';
import * as m0010 from './0010-webhooks';
import * as m0011 from './0011-api-keys';
import * as m0012 from './0012-page-lifecycle';
import * as m0013 from './0013-visit-credit';
import * as m0014 from './0014-experiments';

/**
 * The server is bundled, so the migrator cannot scan this folder at run time: every
 * migration is listed here, in order, once it lands.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-lead-qualification-override': m0002,
  '0003-leads-by-workspace': m0003,
  '0004-lead-page-and-source': m0004,
  '0005-workspace-traffic': m0005,
  '0006-submission-arrival': m0006,
  '0007-shared-state': m0007,
  '0008-mail': m0008,
  '0009-search-any-case': m0009,
  '0010-webhooks': m0010,
  '0011-api-keys': m0011,
  '0012-page-lifecycle': m0012,
  '0013-visit-credit': m0013,
  '0014-experiments': m0014,
};
