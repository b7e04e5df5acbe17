import type { Db } from '../../../db/client';
import { rescoreEveryWorkspace } from './rescore';

/**
 * The revision of the scoring rules and default model that stored scores come from. Bump it
 * whenever a rule, its kind or a default changes, so that every lead is scored again once.
 * 2: the two axes (hot needs a buying signal), fading answers, fit and brand-channel rules.
 * 3: a confirmed email (double opt-in) counts as engagement.
 * 4: "not yet" answers take from intent; hot needs a fresh buying signal; a shared browser's
 *    visits belong to whoever identified themselves on it last.
 */
export const SCORING_RULES_REVISION = 4;
/** Where an install records the revision its stored scores come from. */
export const RULES_REVISION_KEY = 'scoring_rules_revision';

/**
 * Re-scores every lead once after an upgrade of the rules, recording each tier change on
 * the lead's timeline as a model change. Which instance does it is settled by one
 * conditional update: the first to move the stored revision forward wins, the rest skip.
 * Returns how many leads changed, or null when another start already did it.
 */
export async function rescoreAfterRulesUpgrade(db: Db, now: number): Promise<number | null> {
  const revision = JSON.stringify(SCORING_RULES_REVISION);
  // An install that predates the record of revisions was scored under revision 1.
  await db
    .insertInto('instance_settings')
    .values({ key: RULES_REVISION_KEY, value_json: '1' })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  const claimed = await db
    .updateTable('instance_settings')
    .set({ value_json: revision })
    .where('key', '=', RULES_REVISION_KEY)
    .where('value_json', '!=', revision)
    .executeTakeFirst();
  if (Number(claimed.numUpdatedRows) === 0) return null;
  return rescoreEveryWorkspace(db, now, 'model');
}
