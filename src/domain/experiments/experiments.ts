import { z } from 'zod';
import { randomBytes } from 'node:crypto';
import { isUniqueViolation, type Db } from '../../../db/client';
import type { ExperimentMetric, ExperimentState } from '../../../db/schema';
import { transact } from '../../../db/transact';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import { parsePageDocument } from '../landing-pages/document';
import { findPageRow, publishPage } from '../landing-pages/pages';

export const VARIANT_KEYS = ['A', 'B', 'C', 'D'] as const;
export const METRICS: Record<ExperimentMetric, { label: string; rate: string }> = {
  hot: { label: 'Hot leads per visitor', rate: 'hot leads per visitor' },
  warm_or_hot: { label: 'Warm or hot leads per visitor', rate: 'warm-or-hot leads per visitor' },
  lead: { label: 'Submissions per visitor', rate: 'leads per visitor' },
};

/**
 * What an experiment is made from, in the admin and through the API: its variants (the first
 * is A, the live page; the others start as copies of it unless a document is given), their
 * traffic shares, the metric it is judged by, the outcome window and the minimum sample.
 */
export const experimentPlanSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the test a name.').max(80),
    variants: z
      .array(
        z
          .object({
            name: z.string().trim().min(1, 'Give each variant a name.').max(60),
            document: z.unknown().optional(),
          })
          .strict(),
      )
      .min(2, 'A test needs two to four variants.')
      .max(4, 'A test needs two to four variants.'),
    shares: z.array(z.number().int().min(1).max(100)).optional(),
    metric: z.enum(['hot', 'warm_or_hot', 'lead']).default('hot'),
    windowDays: z.number().int().min(1).max(60).default(14),
    minVisitors: z.number().int().min(100).max(10_000_000).default(1_000),
    minConversions: z.number().int().min(5).max(1_000_000).default(25),
    minDays: z.number().int().min(1).max(60).default(7),
    /** Promote unasked once the minimum sample is in, the chance ≥ 95 % and the loss below this. */
    autoPromoteLoss: z.number().min(0).max(0.05).nullable().default(null),
  })
  .strict()
  .superRefine((plan, ctx) => {
    if (plan.shares && plan.shares.length !== plan.variants.length)
      ctx.addIssue({
        code: 'custom',
        path: ['shares'],
        message: `Give one share per variant (${plan.variants.length}).`,
      });
    if (plan.variants[0]?.document !== undefined)
      ctx.addIssue({
        code: 'custom',
        path: ['variants', 0, 'document'],
        message: 'Variant A is the live page: edit and publish the page to change it.',
      });
  });
export type ExperimentPlan = z.input<typeof experimentPlanSchema>;

export type ExperimentVariant = {
  id: string;
  key: string;
  name: string;
  share: number;
  /** The page row this variant is edited as (A: the tested page itself). */
  pageId: string;
  versionId: string | null;
};

export type Experiment = {
  id: string;
  pageId: string;
  name: string;
  state: ExperimentState;
  metric: ExperimentMetric;
  windowDays: number;
  minVisitors: number;
  minConversions: number;
  minDays: number;
  autoPromoteLoss: number | null;
  winnerKey: string | null;
  createdAt: number;
  startedAt: number | null;
  endedAt: number | null;
  variants: ExperimentVariant[];
};

type ExperimentError =
  | 'not_found'
  | 'not_published'
  | 'already_open'
  | 'invalid_document'
  | 'wrong_state'
  | 'unknown_variant';

/** An experiment of the workspace, with its variants in key order; null when not its own. */
export async function getExperiment(
  db: Db,
  workspaceId: string,
  experimentId: string,
): Promise<Experiment | null> {
  const row = await db
    .selectFrom('experiments')
    .selectAll()
    .where('id', '=', experimentId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  if (!row) return null;
  const variants = await db
    .selectFrom('experiment_variants')
    .select(['id', 'key', 'name', 'share', 'page_id', 'version_id'])
    .where('experiment_id', '=', row.id)
    .orderBy('key')
    .execute();
  return {
    id: row.id,
    pageId: row.page_id,
    name: row.name,
    state: row.state,
    metric: row.metric,
    windowDays: row.window_days,
    minVisitors: row.min_visitors,
    minConversions: row.min_conversions,
    minDays: row.min_days,
    autoPromoteLoss: row.auto_promote_loss === null ? null : Number(row.auto_promote_loss),
    winnerKey: row.winner_key,
    createdAt: Number(row.created_at),
    startedAt: row.started_at === null ? null : Number(row.started_at),
    endedAt: row.ended_at === null ? null : Number(row.ended_at),
    variants: variants.map((v) => ({
      id: v.id,
      key: v.key,
      name: v.name,
      share: v.share,
      pageId: v.page_id,
      versionId: v.version_id,
    })),
  };
}

/** A page's experiments, newest first: the open one (if any) and the ended ones' records. */
export async function listPageExperiments(db: Db, workspaceId: string, pageId: string) {
  const rows = await db
    .selectFrom('experiments')
    .select('id')
    .where('workspace_id', '=', workspaceId)
    .where('page_id', '=', pageId)
    .orderBy('created_at', 'desc')
    .execute();
  const found = await Promise.all(rows.map((r) => getExperiment(db, workspaceId, r.id)));
  return found.filter((e): e is Experiment => e !== null);
}

/** The experiment a variant's page row belongs to, for the editor's banner. */
export async function experimentOfVariantPage(db: Db, workspaceId: string, pageId: string) {
  const row = await db
    .selectFrom('experiment_variants as v')
    .innerJoin('experiments as e', 'e.id', 'v.experiment_id')
    .select(['e.id', 'e.page_id', 'e.name', 'e.state', 'v.key', 'v.name as variant_name'])
    .where('v.page_id', '=', pageId)
    .where('v.workspace_id', '=', workspaceId)
    .where('v.key', '!=', 'A')
    .executeTakeFirst();
  return row
    ? {
        experimentId: row.id,
        pageId: row.page_id,
        name: row.name,
        state: row.state,
        key: row.key,
        variantName: row.variant_name,
      }
    : null;
}

/**
 * Makes a test of a published page, not started: A is the page; each other variant is a
 * page row of its own (no address, never listed) whose draft is the given document or a
 * copy of the live version, edited in the page editor like any page.
 */
export async function createExperiment(
  db: Db,
  input: {
    workspaceId: string;
    pageId: string;
    plan: z.output<typeof experimentPlanSchema>;
    userId: string | null;
    now: number;
  },
): Promise<Result<Experiment, ExperimentError>> {
  const page = await findPageRow(db, input.workspaceId, input.pageId);
  if (!page || page.variant_of) return fail('not_found', 'Page not found.');
  if (!page.published_version_id)
    return fail('not_published', 'Publish the page first: variant A is its live version.');
  const { plan } = input;
  const documents: string[] = [];
  for (const [i, variant] of plan.variants.entries()) {
    if (i === 0 || variant.document === undefined) continue;
    const doc = parsePageDocument(variant.document);
    if (!doc.ok)
      // Each field's path within the request: variants.<i>.document.<path in the document>.
      return fail(
        'invalid_document',
        doc.message,
        Object.fromEntries(
          Object.entries(doc.fields ?? { '': doc.message }).map(([path, message]) => [
            [`variants.${i}.document`, path].filter(Boolean).join('.'),
            message,
          ]),
        ),
      );
    documents[i] = JSON.stringify(doc.value);
  }
  const live = await db
    .selectFrom('page_versions')
    .select('document_json')
    .where('id', '=', page.published_version_id)
    .executeTakeFirstOrThrow();
  const experimentId = newId(input.now);
  try {
    await transact(db, async (tx) => {
      await tx
        .insertInto('experiments')
        .values({
          id: experimentId,
          workspace_id: input.workspaceId,
          page_id: page.id,
          name: plan.name,
          state: 'draft',
          metric: plan.metric,
          window_days: plan.windowDays,
          min_visitors: plan.minVisitors,
          min_conversions: plan.minConversions,
          min_days: plan.minDays,
          auto_promote_loss: plan.autoPromoteLoss,
          winner_key: null,
          created_by: input.userId,
          created_at: input.now,
          started_at: null,
          ended_at: null,
        })
        .execute();
      for (const [i, variant] of plan.variants.entries()) {
        const key = VARIANT_KEYS[i]!;
        let variantPageId = page.id;
        if (i > 0) {
          variantPageId = newId(input.now);
          await tx
            .insertInto('pages')
            .values({
              id: variantPageId,
              workspace_id: input.workspaceId,
              // Unique like every slug, never served: variant rows have no address.
              slug: `variant-${randomBytes(8).toString('hex')}`,
              title: `${page.title} — ${key}: ${variant.name}`.slice(0, 120),
              template_id: page.template_id,
              draft_json: documents[i] ?? live.document_json,
              draft_revision: 1,
              published_version_id: null,
              created_at: input.now,
              updated_at: input.now,
              variant_of: page.id,
            })
            .execute();
        }
        await tx
          .insertInto('experiment_variants')
          .values({
            id: newId(input.now),
            experiment_id: experimentId,
            workspace_id: input.workspaceId,
            key,
            name: variant.name,
            share: plan.shares?.[i] ?? 1,
            page_id: variantPageId,
            version_id: null,
          })
          .execute();
      }
    });
  } catch (error) {
    if (isUniqueViolation(error))
      return fail('already_open', 'This page has a test already: stop or finish it first.');
    throw error;
  }
  return ok((await getExperiment(db, input.workspaceId, experimentId))!);
}

/**
 * Starts a test: every variant's draft is published (A's is the page's own), then visitors
 * are split. Publishing first means a failure part-way leaves a test still to start.
 */
export async function startExperiment(
  db: Db,
  input: { workspaceId: string; experimentId: string; userId: string | null; now: number },
): Promise<Result<{ experiment: Experiment; slug: string }, ExperimentError>> {
  const experiment = await getExperiment(db, input.workspaceId, input.experimentId);
  if (!experiment) return fail('not_found', 'Experiment not found.');
  if (experiment.state !== 'draft') return fail('wrong_state', 'This test has started already.');
  let slug = '';
  for (const variant of experiment.variants) {
    const published = await publishPage(db, {
      workspaceId: input.workspaceId,
      pageId: variant.pageId,
      userId: input.userId,
      now: input.now,
    });
    if (!published.ok) return fail('not_found', 'A variant’s page is gone.');
    if (variant.key === 'A') slug = published.value.slug;
  }
  const started = await db
    .updateTable('experiments')
    .set({ state: 'running', started_at: input.now })
    .where('id', '=', experiment.id)
    .where('state', '=', 'draft')
    .executeTakeFirst();
  if (Number(started.numUpdatedRows) !== 1)
    return fail('wrong_state', 'This test has started already.');
  return ok({ experiment: (await getExperiment(db, input.workspaceId, experiment.id))!, slug });
}

/** Keeps, with the ended test, the version each variant served. */
const recordServedVersions = async (tx: Db, experiment: Experiment) => {
  for (const variant of experiment.variants) {
    const row = await tx
      .selectFrom('pages')
      .select('published_version_id')
      .where('id', '=', variant.pageId)
      .executeTakeFirst();
    await tx
      .updateTable('experiment_variants')
      .set({ version_id: row?.published_version_id ?? variant.versionId })
      .where('id', '=', variant.id)
      .execute();
  }
};

/**
 * Ends a test. With a winner, its live version becomes the page's: its document is the
 * page's draft and is published as the page's next version (A: the page stays as it is).
 * Every variant keeps its versions and the test its results.
 */
export async function endExperiment(
  db: Db,
  input: {
    workspaceId: string;
    experimentId: string;
    winnerKey: string | null;
    userId: string | null;
    now: number;
  },
): Promise<Result<{ experiment: Experiment; slug: string }, ExperimentError>> {
  const experiment = await getExperiment(db, input.workspaceId, input.experimentId);
  if (!experiment) return fail('not_found', 'Experiment not found.');
  if (experiment.state === 'ended') return fail('wrong_state', 'This test has ended already.');
  const winner = input.winnerKey
    ? experiment.variants.find((v) => v.key === input.winnerKey)
    : undefined;
  if (input.winnerKey && !winner)
    return fail('unknown_variant', `This test has no variant ${input.winnerKey}.`);
  if (winner && experiment.state !== 'running')
    return fail('wrong_state', 'Start the test before promoting a variant.');
  const ended = await transact(db, async (tx) => {
    const done = await tx
      .updateTable('experiments')
      .set({ state: 'ended', ended_at: input.now, winner_key: winner?.key ?? null })
      .where('id', '=', experiment.id)
      .where('state', '!=', 'ended')
      .executeTakeFirst();
    if (Number(done.numUpdatedRows) !== 1) return false;
    await recordServedVersions(tx, experiment);
    if (winner && winner.key !== 'A') {
      const source = await tx
        .selectFrom('pages as vp')
        .innerJoin('page_versions as pv', 'pv.id', 'vp.published_version_id')
        .select('pv.document_json')
        .where('vp.id', '=', winner.pageId)
        .executeTakeFirstOrThrow();
      await tx
        .updateTable('pages')
        .set((eb) => ({
          draft_json: source.document_json,
          draft_revision: eb('draft_revision', '+', 1),
          updated_at: input.now,
        }))
        .where('id', '=', experiment.pageId)
        .execute();
    }
    return true;
  });
  if (!ended) return fail('wrong_state', 'This test has ended already.');
  let slug = '';
  if (winner && winner.key !== 'A') {
    const published = await publishPage(db, {
      workspaceId: input.workspaceId,
      pageId: experiment.pageId,
      userId: input.userId,
      now: input.now,
    });
    if (published.ok) slug = published.value.slug;
  }
  slug ||= (await findPageRow(db, input.workspaceId, experiment.pageId))?.slug ?? '';
  return ok({ experiment: (await getExperiment(db, input.workspaceId, experiment.id))!, slug });
}
