import { transact } from '../../../db/transact';
import { sql } from 'kysely';
import type { Db } from '../../../db/client';
import { setBounded } from '../../shared/bounded-map';
import { newId } from '../../shared/ids';
import {
  DEFAULT_MODEL,
  scoringModelSchema,
  type ScoringModel,
  type ScoringModelInput,
} from './model';

/** The workspace's latest model version, or the default model (version 0) before any. */
export async function activeModel(db: Db, workspaceId: string): Promise<ScoringModel> {
  const row = await db
    .selectFrom('scoring_models')
    .select('model_json')
    .where('workspace_id', '=', workspaceId)
    .orderBy('version', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row ? scoringModelSchema.parse(JSON.parse(row.model_json)) : DEFAULT_MODEL;
}

/**
 * The model in force for each workspace, remembered for two seconds: every submission
 * scores with it. A model saved through another instance is used here within the two
 * seconds; the re-score job that saving enqueues scores every lead under it anyway.
 */
export class ActiveModels {
  private memo = new Map<string, { at: number; model: ScoringModel }>();

  constructor(
    private readonly db: Db,
    private readonly ttlMs = 2_000,
  ) {}

  async get(workspaceId: string, now: number): Promise<ScoringModel> {
    const hit = this.memo.get(workspaceId);
    if (hit && now - hit.at < this.ttlMs) return hit.model;
    const model = await activeModel(this.db, workspaceId);
    return setBounded(this.memo, workspaceId, { at: now, model }, 5_000).model;
  }

  forget(workspaceId: string): void {
    this.memo.delete(workspaceId);
  }
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
  return transact(db, async (tx) => {
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
