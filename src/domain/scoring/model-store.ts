import { sql } from 'kysely';
import type { Db } from '../../../db/client';
import { setBounded } from '../../platform/bounded-map';
import { processSingleton } from '../../lib/process-singleton';
import { newId } from '../ids';
import {
  DEFAULT_MODEL,
  scoringModelSchema,
  type ScoringModel,
  type ScoringModelInput,
} from './model';

/**
 * The model in force for each workspace, remembered for two seconds: every submission
 * scores with it. Saving on this instance forgets it; another instance sees the new
 * version within the two seconds (and re-scoring runs where the change was saved).
 */
const TTL_MS = 2_000;
const cache = () =>
  processSingleton('scoring-models', () => new Map<string, { at: number; model: ScoringModel }>());

/** The workspace's latest model version, or the default model (version 0) before any. */
export async function activeModel(
  db: Db,
  workspaceId: string,
  now = Date.now(),
): Promise<ScoringModel> {
  const hit = cache().get(workspaceId);
  if (hit && now - hit.at < TTL_MS) return hit.model;
  const row = await db
    .selectFrom('scoring_models')
    .select('model_json')
    .where('workspace_id', '=', workspaceId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  const model = row ? scoringModelSchema.parse(JSON.parse(row.model_json)) : DEFAULT_MODEL;
  return setBounded(cache(), workspaceId, { at: now, model }, 5_000).model;
}

/** Stores a new version of the workspace's model; earlier versions stay for the record. */
export async function saveModel(
  db: Db,
  input: {
    workspaceId: string;
    model: Omit<ScoringModelInput, 'version'>;
    userId: string | null;
    now: number;
  },
): Promise<ScoringModel> {
  const saved = await db.transaction().execute(async (tx) => {
    const last = await tx
      .selectFrom('scoring_models')
      .select(sql<number>`max(version)`.as('v'))
      .where('workspace_id', '=', input.workspaceId)
      .executeTakeFirst();
    const model = scoringModelSchema.parse({ ...input.model, version: Number(last?.v ?? 0) + 1 });
    await tx
      .insertInto('scoring_models')
      .values({
        id: newId(input.now),
        workspace_id: input.workspaceId,
        version: model.version,
        model_json: JSON.stringify(model),
        created_at: input.now,
        created_by: input.userId,
      })
      .execute();
    return model;
  });
  cache().delete(input.workspaceId);
  return saved;
}

export type ModelVersion = { version: number; createdAt: number; createdBy: string | null };

export async function modelVersions(db: Db, workspaceId: string): Promise<ModelVersion[]> {
  const rows = await db
    .selectFrom('scoring_models as m')
    .leftJoin('users as u', 'u.id', 'm.created_by')
    .select(['m.version', 'm.created_at', 'u.name'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('m.version', 'desc')
    .limit(20)
    .execute();
  return rows.map((r) => ({ version: r.version, createdAt: r.created_at, createdBy: r.name }));
}
