import type { Db } from '../../../db/client';
import { endExperiment, getExperiment } from './experiments';
import { experimentResults } from './results';

/**
 * Ends the running tests whose owner asked Kindling to promote the winner itself, once one
 * is sure: the minimum sample in, the split as planned, a variant with a 95 % chance to beat
 * A, and the expected loss of choosing it under the owner's limit. Returns the slugs whose
 * live page changed (for the caller's memo of live pages).
 */
export async function autoPromoteWinners(db: Db, now: number): Promise<string[]> {
  const candidates = await db
    .selectFrom('experiments')
    .select(['id', 'workspace_id'])
    .where('state', '=', 'running')
    .where('auto_promote_loss', 'is not', null)
    .execute();
  const promoted: string[] = [];
  for (const row of candidates) {
    const experiment = await getExperiment(db, row.workspace_id, row.id);
    if (!experiment || experiment.autoPromoteLoss === null) continue;
    const results = await experimentResults(db, experiment, now);
    const winner = results.variants.find((v) => v.key === results.leader);
    if (!winner?.versusA || winner.versusA.expectedLoss >= experiment.autoPromoteLoss) continue;
    const ended = await endExperiment(db, {
      workspaceId: row.workspace_id,
      experimentId: row.id,
      winnerKey: winner.key,
      userId: null,
      now,
    });
    if (ended.ok) promoted.push(ended.value.slug);
  }
  return promoted;
}
