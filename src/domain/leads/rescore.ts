import { recordOutcomes } from '../experiments/exposures';
import { sql } from 'kysely';
import { transact } from '../../../db/transact';
import type { Db } from '../../../db/client';
import type { LeadRow, Tier } from '../../../db/schema';
import { activeModel } from '../scoring/model-store';
import type { ScoringModel } from '../scoring/model';
import { score, type ScoreResult } from '../scoring/score';
import { recordActivity, type ActivityEntry } from './activity';
import { loadLeadFacts } from './lead-facts';

/** Why a lead was scored again, as its timeline says it. */
export const RESCORE_CAUSES = {
  submission: 'a new form submission',
  visit: 'new activity on your pages',
  model: 'the scoring model changed',
  decay: 'older behaviour faded with time',
  handover: 'their browser passed to another person',
} as const;
export type RescoreCause = keyof typeof RESCORE_CAUSES;

export type ScoredLead = Pick<
  LeadRow,
  | 'id'
  | 'workspace_id'
  | 'email'
  | 'source'
  | 'tier'
  | 'score'
  | 'breakdown_json'
  | 'model_version'
  | 'email_confirmed_at'
>;
const SCORED_COLUMNS = [
  'id',
  'workspace_id',
  'email',
  'source',
  'tier',
  'score',
  'breakdown_json',
  'model_version',
  'email_confirmed_at',
] as const;

/** The timeline entry for a new tier (or a first one), or null when the tier held. */
export function tierChangeEntry(
  lead: Pick<LeadRow, 'id' | 'workspace_id' | 'tier'>,
  result: ScoreResult,
  now: number,
  cause: RescoreCause | null,
): ActivityEntry | null {
  const first = cause === null;
  if (!first && lead.tier === result.tier) return null;
  return {
    workspaceId: lead.workspace_id,
    leadId: lead.id,
    type: 'tier_change',
    at: now,
    data: {
      from: first ? null : lead.tier,
      to: result.tier,
      score: result.score,
      modelVersion: result.modelVersion,
      ...(cause ? { cause: RESCORE_CAUSES[cause] } : {}),
      reasons: result.breakdown.map((b) => `${b.evidence}: ${b.points > 0 ? '+' : ''}${b.points}`),
    },
  };
}

/** Causes whose score moves the timeline shows even when the tier holds: things the lead did. */
const TOLD_CAUSES = new Set<RescoreCause>(['submission', 'visit', 'handover']);

/**
 * A timeline entry for a score that moved within its tier because of something the lead
 * did, so the timeline and the score at the top of the lead page agree. Fading and model
 * changes move every lead a little each day: they are said on the page, not entered here.
 */
export function scoreChangeEntry(
  lead: Pick<LeadRow, 'id' | 'workspace_id' | 'tier' | 'score'>,
  result: ScoreResult,
  now: number,
  cause: RescoreCause,
): ActivityEntry | null {
  if (lead.tier !== result.tier || lead.score === result.score || !TOLD_CAUSES.has(cause))
    return null;
  return {
    workspaceId: lead.workspace_id,
    leadId: lead.id,
    type: 'score_change',
    at: now,
    data: { from: lead.score, to: result.score, tier: result.tier, cause: RESCORE_CAUSES[cause] },
  };
}

export type TierMoves = Partial<Record<`${Tier}>${Tier}`, number>>;

/** Scores leads without writing anything: the new results beside the stored ones. */
async function scoreAll(
  db: Db,
  leads: ScoredLead[],
  model: ScoringModel,
  now: number,
): Promise<{ lead: ScoredLead; result: ScoreResult }[]> {
  const known = await loadLeadFacts(db, leads);
  return leads.map((lead) => ({ lead, result: score(known.get(lead.id)!, model, now) }));
}

/**
 * Writes new scores in one statement for the whole batch: a statement per lead costs a
 * round trip each on PostgreSQL, which dominated a re-score of 100,000 leads.
 */
async function writeScores(
  db: Db,
  rows: { id: string; result: ScoreResult; breakdown: string }[],
  now: number,
): Promise<void> {
  if (!rows.length) return;
  // Typed casts: PostgreSQL reads untyped VALUES parameters as text.
  const values = sql.join(
    rows.map(
      ({ id, result, breakdown }) =>
        sql`(${id}, cast(${result.score} as integer), ${result.tier}, ${breakdown}, cast(${result.modelVersion} as integer))`,
    ),
  );
  await sql`
    with scored (id, score, tier, breakdown_json, model_version) as (values ${values})
    update leads set score = scored.score, tier = scored.tier,
      breakdown_json = scored.breakdown_json, model_version = scored.model_version,
      scored_at = ${now}
    from scored where leads.id = scored.id`.execute(db);
}

/**
 * Scores leads again from everything known, writes the ones whose score, reasons or model
 * changed, and records each tier change on its lead's timeline.
 */
export async function rescoreLeads(
  db: Db,
  leads: ScoredLead[],
  model: ScoringModel,
  now: number,
  cause: RescoreCause,
): Promise<{ updated: number; moves: TierMoves }> {
  const moves: TierMoves = {};
  const changes: ActivityEntry[] = [];
  const rescored: { id: string; result: ScoreResult; breakdown: string }[] = [];
  for (const { lead, result } of await scoreAll(db, leads, model, now)) {
    const breakdown = JSON.stringify(result.breakdown);
    if (
      breakdown === lead.breakdown_json &&
      result.score === lead.score &&
      result.modelVersion === lead.model_version
    )
      continue;
    rescored.push({ id: lead.id, result, breakdown });
    const moved = scoreChangeEntry(lead, result, now, cause);
    if (moved) changes.push(moved);
    const change = tierChangeEntry(lead, result, now, cause);
    if (change) {
      changes.push(change);
      const key = `${lead.tier}>${result.tier}` as const;
      moves[key] = (moves[key] ?? 0) + 1;
    }
  }
  await writeScores(db, rescored, now);
  await recordOutcomes(
    db,
    rescored.map((r) => r.id),
    now,
  );
  await recordActivity(db, ...changes);
  return { updated: rescored.length, moves };
}

/** Re-scores some leads of one workspace under its model, inside the caller's transaction. */
export async function rescoreLeadsIn(
  tx: Db,
  leadIds: string[],
  model: ScoringModel,
  now: number,
  cause: RescoreCause,
): Promise<void> {
  const leads = await tx
    .selectFrom('leads')
    .select(SCORED_COLUMNS)
    .where('id', 'in', leadIds)
    .execute();
  await rescoreLeads(tx, leads, model, now, cause);
}

/** Re-scores one lead under its workspace's model. Returns its tier, or null if unknown. */
export async function rescoreLead(
  db: Db,
  leadId: string,
  now: number,
  cause: RescoreCause,
): Promise<Tier | null> {
  return transact(db, async (tx) => {
    const lead = await tx
      .selectFrom('leads')
      .select('workspace_id')
      .where('id', '=', leadId)
      .executeTakeFirst();
    if (!lead) return null;
    await rescoreLeadsIn(tx, [leadId], await activeModel(tx, lead.workspace_id), now, cause);
    const after = await tx
      .selectFrom('leads')
      .select('tier')
      .where('id', '=', leadId)
      .executeTakeFirst();
    return after?.tier ?? null;
  });
}

const BATCH = 250;
/** Lets requests waiting on the event loop run between two batches. */
const yieldToRequests = () => new Promise<void>((r) => setImmediate(r));

/** Walks a workspace's leads in id order, a batch at a time. */
async function* leadBatches(db: Db, workspaceId: string, size = BATCH) {
  let after = '';
  for (;;) {
    const batch = await db
      .selectFrom('leads')
      .select(SCORED_COLUMNS)
      .where('workspace_id', '=', workspaceId)
      .where('id', '>', after)
      .orderBy('id')
      .limit(size)
      .execute();
    if (!batch.length) return;
    yield batch;
    after = batch[batch.length - 1]!.id;
    if (batch.length < size) return;
  }
}

/**
 * Re-scores every lead of a workspace, a batch per transaction, yielding to waiting
 * requests between batches so that the server keeps answering while it runs.
 */
export async function rescoreWorkspace(
  db: Db,
  workspaceId: string,
  input: { model?: ScoringModel; now: number; cause: RescoreCause; batchSize?: number },
): Promise<{ leads: number; updated: number; moves: TierMoves }> {
  const model = input.model ?? (await activeModel(db, workspaceId));
  const total = { leads: 0, updated: 0, moves: {} as TierMoves };
  for await (const batch of leadBatches(db, workspaceId, input.batchSize)) {
    const done = await transact(db, (tx) => rescoreLeads(tx, batch, model, input.now, input.cause));
    total.leads += batch.length;
    total.updated += done.updated;
    for (const [k, n] of Object.entries(done.moves) as [keyof TierMoves, number][])
      total.moves[k] = (total.moves[k] ?? 0) + n;
    await yieldToRequests();
  }
  return total;
}

export type ModelPreview = {
  leads: number;
  moves: TierMoves;
  /** The tiers under the previewed model. */
  tiers: Record<Tier, number>;
  /** Leads whose total reaches hot but whose intent axis holds them back. */
  noBuyingSignal: number;
};

/** What a model would do to a workspace's leads, computed on them without writing. */
export async function previewModel(
  db: Db,
  workspaceId: string,
  model: ScoringModel,
  now: number,
): Promise<ModelPreview> {
  const out: ModelPreview = {
    leads: 0,
    moves: {},
    tiers: { hot: 0, warm: 0, cold: 0 },
    noBuyingSignal: 0,
  };
  for await (const batch of leadBatches(db, workspaceId)) {
    for (const { lead, result } of await scoreAll(db, batch, model, now)) {
      out.leads++;
      out.tiers[result.tier]++;
      if (result.score >= model.thresholds.hot && result.tier !== 'hot') out.noBuyingSignal++;
      if (lead.tier === result.tier) continue;
      const key = `${lead.tier}>${result.tier}` as const;
      out.moves[key] = (out.moves[key] ?? 0) + 1;
    }
    await yieldToRequests();
  }
  return out;
}

/** Re-scores every workspace's leads under its own model; returns how many changed. */
export async function rescoreEveryWorkspace(
  db: Db,
  now: number,
  cause: RescoreCause,
): Promise<number> {
  const workspaces = await db.selectFrom('workspaces').select('id').execute();
  let updated = 0;
  for (const { id } of workspaces)
    updated += (await rescoreWorkspace(db, id, { now, cause })).updated;
  return updated;
}

/** The daily pass: behaviour fades, so every workspace's leads are scored at today's date. */
export const rescoreForDecay = (db: Db, now: number): Promise<number> =>
  rescoreEveryWorkspace(db, now, 'decay');

/** Leads not yet scored with the workspace's model version (re-scoring still running). */
export async function countLeadsBehind(
  db: Db,
  workspaceId: string,
  version: number,
): Promise<number> {
  const row = await db
    .selectFrom('leads')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', workspaceId)
    .where('model_version', '!=', version)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}
