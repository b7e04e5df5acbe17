import { describe, expect, it } from 'vitest';
import {
  assignmentFromCookie,
  newAssignmentId,
  variantIndexFor,
} from '../../src/domain/experiments/assignment';
import {
  createExperiment,
  endExperiment,
  experimentPlanSchema,
  getExperiment,
  startExperiment,
} from '../../src/domain/experiments/experiments';
import { experimentFormSchema, planFromForm } from '../../src/domain/experiments/experiment-form';
import { recordExposures } from '../../src/domain/experiments/exposures';
import { experimentResults } from '../../src/domain/experiments/results';
import { autoPromoteWinners } from '../../src/domain/experiments/auto-promote';
import { lookUpPublishedPage } from '../../src/domain/landing-pages/live-pages';
import { publishPage } from '../../src/domain/landing-pages/pages';
import type { PageDocument } from '../../src/domain/landing-pages/document';
import { setLeadQualification } from '../../src/domain/leads/qualification-override';
import { submitForm } from '../../src/domain/leads/submit';
import { chooseVariant, submissionVariant } from '../../src/http/variant-choice';
import { testDb } from '../helpers/db';
import { HUMAN_UA, publishedTemplatePage, submission } from '../helpers/seed';

const NOW = 1_750_000_000_000;

/** A copy of a page's document under another headline: a variant B asking the same questions. */
function withHeadline(document: PageDocument, headline: string): PageDocument {
  const copy = structuredClone(document);
  const hero = copy.blocks.find((b) => b.type === 'hero')!;
  if (hero.type === 'hero') hero.props.headline = headline;
  return copy;
}
const DAY = 86_400_000;
const EXPERIMENT = '01a25310-9e38-7000-8500-47f2f37e333d';

describe('assigning visitors to variants', () => {
  it('holds the shares within 2 % over 10,000 visitors, for equal and unequal shares', () => {
    for (const shares of [
      [1, 1],
      [20, 30, 50],
      [10, 10, 10, 70],
    ]) {
      const seen = shares.map(() => 0);
      for (let i = 0; i < 10_000; i++)
        seen[variantIndexFor(EXPERIMENT, newAssignmentId(), shares)]!++;
      const total = shares.reduce((s, w) => s + w, 0);
      seen.forEach((n, i) => expect(Math.abs(n / 10_000 - shares[i]! / total)).toBeLessThan(0.02));
    }
  });

  it('keeps a returning visitor on their variant, and another test draws afresh', () => {
    const id = newAssignmentId();
    const first = variantIndexFor(EXPERIMENT, id, [1, 1, 1, 1]);
    for (let i = 0; i < 20; i++) expect(variantIndexFor(EXPERIMENT, id, [1, 1, 1, 1])).toBe(first);
    // Across many tests the same visitor does not land on the same variant each time.
    const others = new Set(
      Array.from({ length: 40 }, (_, i) =>
        variantIndexFor(EXPERIMENT.replace(/.$/, String(i % 10)) + i, id, [1, 1, 1, 1]),
      ),
    );
    expect(others.size).toBeGreaterThan(1);
  });

  it('reads its own cookie only: tampered, foreign and malformed values are no assignment', () => {
    const id = newAssignmentId();
    expect(id).toMatch(/^[A-Za-z0-9_-]{22}$/);
    expect(assignmentFromCookie(`a=1; kd_ab=${EXPERIMENT}.${id}; b=2`, EXPERIMENT)).toBe(id);
    for (const cookie of [
      null,
      '',
      'kd_ab=',
      `kd_ab=${EXPERIMENT}`,
      `kd_ab=${EXPERIMENT}.${id}.extra`,
      `kd_ab=${EXPERIMENT}.short`,
      `kd_ab=${EXPERIMENT.replace('0', '1')}.${id}`,
      `kd_ab=${EXPERIMENT}.${id.slice(0, 21)}%`,
      `xkd_ab=${EXPERIMENT}.${id}`,
    ])
      expect(assignmentFromCookie(cookie, EXPERIMENT)).toBeNull();
  });
});

describe('a test, through the domain (real database)', () => {
  async function runningTest(db: Awaited<ReturnType<typeof testDb>>) {
    const { page, workspaceId, userId } = await publishedTemplatePage(db, NOW);
    const document = withHeadline(page.document, 'Close the month by lunch');
    const plan = experimentPlanSchema.parse({
      name: 'Headline',
      variants: [{ name: 'Control' }, { name: 'Bold', document }],
      windowDays: 14,
    });
    const made = await createExperiment(db, {
      workspaceId,
      pageId: page.pageId,
      plan,
      userId,
      now: NOW,
    });
    if (!made.ok) throw new Error(made.message);
    const started = await startExperiment(db, {
      workspaceId,
      experimentId: made.value.id,
      userId,
      now: NOW,
    });
    if (!started.ok) throw new Error(started.message);
    const live = (await lookUpPublishedPage(db, page.slug))!;
    return { live, workspaceId, userId, experiment: started.value.experiment };
  }
  const ask = (cookie: string | null, extra = {}) => ({
    cookie,
    userAgent: HUMAN_UA,
    optedOut: false,
    now: NOW,
    ...extra,
  });

  it('serves each variant its own published version; GPC and bots see A, uncounted', async () => {
    const db = await testDb();
    const { live } = await runningTest(db);
    expect(live.experiment?.variants.map((v) => v.key)).toEqual(['A', 'B']);
    const versions = new Set(live.experiment!.variants.map((v) => v.page.versionId));
    expect(versions.size).toBe(2);
    const view = chooseVariant(live, ask(null));
    expect(view.setCookie).toMatch(/^kd_ab=/);
    expect(view.exposure).not.toBeNull();
    const back = chooseVariant(live, ask(view.setCookie!.split(';')[0]!));
    expect(back.page.versionId).toBe(view.page.versionId);
    expect(back.exposure).toBeNull();
    expect(back.setCookie).toBeNull();
    for (const other of [{ optedOut: true }, { userAgent: 'Googlebot/2.1' }, { userAgent: null }]) {
      const uncounted = chooseVariant(live, ask(null, other));
      expect(uncounted.page.versionId).toBe(live.versionId);
      expect([uncounted.setCookie, uncounted.exposure]).toEqual([null, null]);
    }
  });

  it('freezes a visitor’s outcome when their window closes; an open one follows the lead', async () => {
    const db = await testDb();
    const { live, workspaceId, userId, experiment } = await runningTest(db);
    // Two counted visitors, one on each variant, who each become a lead.
    const visitors = { A: '', B: '' } as Record<'A' | 'B', string>;
    while (!visitors.A || !visitors.B) {
      const view = chooseVariant(live, ask(null));
      const key = view.exposure!.variantKey as 'A' | 'B';
      if (visitors[key]) continue;
      visitors[key] = view.setCookie!.split(';')[0]!;
      await recordExposures(db, [view.exposure!]);
    }
    const leads: Record<string, string> = {};
    for (const [key, cookie] of Object.entries(visitors)) {
      const { page, variant } = submissionVariant(live, ask(cookie));
      expect(variant).not.toBeNull();
      const done = await submitForm(
        db,
        submission(
          page,
          {
            name: 'Jo',
            email: `${key.toLowerCase()}@northwind.com`,
            company: 'Northwind',
            timeline: 'This month',
            consent: 'on',
          },
          NOW + 1000,
          { variant },
        ),
      );
      if (!done.ok) throw new Error(done.message);
      leads[key] = done.value.leadId;
    }
    const before = await experimentResults(db, experiment, NOW + 2000);
    expect(before.variants.map((v) => [v.visitors, v.submissions, v.leads.any])).toEqual([
      [1, 1, 1],
      [1, 1, 1],
    ]);
    expect(before.variants[0]!.leads.hot).toBe(1);
    // B's visitor came fifteen days earlier: their 14-day window has closed, A's has not.
    await db
      .updateTable('experiment_exposures')
      .set({ first_seen_at: NOW - 15 * DAY, window_ends_at: NOW - DAY })
      .where('lead_id', '=', leads.B!)
      .execute();
    for (const leadId of [leads.A!, leads.B!])
      await setLeadQualification(db, {
        workspaceId,
        leadId,
        qualified: false,
        userId,
        now: NOW + 3000,
      });
    const after = await experimentResults(db, experiment, NOW + 4000);
    expect(after.variants[0]!.leads).toMatchObject({ hot: 0, unqualified: 1 });
    expect(after.variants[1]!.leads).toMatchObject({ hot: 1, unqualified: 0 });
    expect(after.variants[1]!.settled).toBe(1);
  });

  it('says when the variants’ forms ask different questions, and not when they ask the same', async () => {
    const db = await testDb();
    const { experiment, workspaceId, userId } = await runningTest(db);
    expect((await experimentResults(db, experiment, NOW)).formsDiffer).toBe(false);
    const [, b] = experiment.variants;
    const page = await db
      .selectFrom('pages')
      .select('draft_json')
      .where('id', '=', b!.pageId)
      .executeTakeFirstOrThrow();
    const document = JSON.parse(page.draft_json);
    const form = document.blocks.find((x: { type: string }) => x.type === 'form');
    form.props.form.fields = form.props.form.fields.filter(
      (f: { name: string }) => f.name !== 'timeline',
    );
    await db
      .updateTable('pages')
      .set({ draft_json: JSON.stringify(document) })
      .where('id', '=', b!.pageId)
      .execute();
    await publishPage(db, { workspaceId, pageId: b!.pageId, userId, now: NOW + 1 });
    expect((await experimentResults(db, experiment, NOW + 2)).formsDiffer).toBe(true);
  });

  it('promotes B: its document becomes the page’s next live version and the test ends', async () => {
    const db = await testDb();
    const { live, workspaceId, userId, experiment } = await runningTest(db);
    const b = live.experiment!.variants[1]!;
    const ended = await endExperiment(db, {
      workspaceId,
      experimentId: experiment.id,
      winnerKey: 'B',
      userId,
      now: NOW + DAY,
    });
    expect(ended.ok).toBe(true);
    const after = (await lookUpPublishedPage(db, live.slug))!;
    expect(after.experiment).toBeNull();
    expect(after.document).toEqual(b.page.document);
    expect(after.versionId).not.toBe(live.versionId);
    // The variants keep the versions they served, with the ended test.
    const kept = await db
      .selectFrom('experiment_variants')
      .select(['key', 'version_id'])
      .orderBy('key')
      .execute();
    expect(kept.map((k) => k.version_id)).toEqual([live.versionId, b.page.versionId]);
  });
});

describe('promoting a sure winner unasked', () => {
  /** A running test whose visitors (and their outcomes) are written straight in. */
  async function testWith(
    db: Awaited<ReturnType<typeof testDb>>,
    counts: Record<'A' | 'B', { visitors: number; hot: number }>,
    autoPromoteLoss: number | null,
  ) {
    const { page, workspaceId, userId } = await publishedTemplatePage(db, NOW);
    const document = withHeadline(page.document, 'Close the month by lunch');
    const plan = experimentPlanSchema.parse({
      name: 'Headline',
      variants: [{ name: 'Control' }, { name: 'Bold', document }],
      minVisitors: 500,
      minConversions: 5,
      minDays: 7,
      autoPromoteLoss,
    });
    const made = await createExperiment(db, {
      workspaceId,
      pageId: page.pageId,
      plan,
      userId,
      now: NOW,
    });
    if (!made.ok) throw new Error(made.message);
    await startExperiment(db, { workspaceId, experimentId: made.value.id, userId, now: NOW });
    for (const key of ['A', 'B'] as const)
      for (let i = 0; i < counts[key].visitors; i += 250)
        await db
          .insertInto('experiment_exposures')
          .values(
            Array.from({ length: Math.min(250, counts[key].visitors - i) }, (_, j) => ({
              experiment_id: made.value.id,
              assignment_id: `${key}${i + j}`,
              variant_key: key,
              first_seen_at: NOW,
              window_ends_at: NOW + 14 * DAY,
              lead_id: null,
              outcome: i + j < counts[key].hot ? ('hot' as const) : null,
            })),
          )
          .execute();
    return { slug: page.slug, experimentId: made.value.id, workspaceId };
  }

  it('promotes B once the sample is in and it is sure enough, not before', async () => {
    const db = await testDb();
    const { slug, experimentId, workspaceId } = await testWith(
      db,
      { A: { visitors: 1000, hot: 10 }, B: { visitors: 1000, hot: 40 } },
      0.001,
    );
    // Day 3: the minimum of 7 days is not in yet.
    expect(await autoPromoteWinners(db, NOW + 3 * DAY)).toEqual([]);
    const experiment = (await getExperiment(db, workspaceId, experimentId))!;
    const { verdict, leader } = await experimentResults(db, experiment, NOW + 8 * DAY);
    expect(leader).toBe('B');
    expect(verdict).toMatch(
      /^B brings 4\.0× the hot leads per visitor of A; (99|100) % chance it is better; choosing it risks at most 0\.0\d points\.$/,
    );
    expect(await autoPromoteWinners(db, NOW + 8 * DAY)).toEqual([slug]);
    const live = (await lookUpPublishedPage(db, slug))!;
    expect(live.experiment).toBeNull();
    const hero = live.document.blocks.find((b) => b.type === 'hero')!;
    expect(hero.type === 'hero' && hero.props.headline).toBe('Close the month by lunch');
  });

  it('leaves a test alone when the owner did not ask, the loss is over the limit, or the split is off', async () => {
    for (const [counts, loss] of [
      [{ A: { visitors: 1000, hot: 10 }, B: { visitors: 1000, hot: 40 } }, null],
      // Sure B is better, but choosing it could still cost more than the owner allows.
      [{ A: { visitors: 1000, hot: 20 }, B: { visitors: 1000, hot: 40 } }, 0.000005],
      // B counted twice its share: sample ratio mismatch, no verdict at all.
      [{ A: { visitors: 600, hot: 6 }, B: { visitors: 1200, hot: 60 } }, 0.01],
    ] as const) {
      const db = await testDb();
      await testWith(db, counts, loss);
      expect(await autoPromoteWinners(db, NOW + 8 * DAY)).toEqual([]);
    }
  });
});

describe('the admin’s new-test form', () => {
  it('makes the plan the API takes: blank names are no variant, shares and loss as typed', () => {
    const form = experimentFormSchema.parse({
      name: 'Shorter form',
      name_A: 'Current',
      name_B: 'Short',
      name_C: '',
      name_D: 'Shortest',
      share_A: '50',
      share_B: '25',
      share_C: '',
      share_D: '25',
      metric: 'warm_or_hot',
      windowDays: '10',
      minVisitors: '500',
      minConversions: '20',
      minDays: '7',
      autoPromote: 'on',
      autoPromoteLossPoints: '0.2',
    });
    const plan = experimentPlanSchema.parse(planFromForm(form));
    expect(plan.variants.map((v) => v.name)).toEqual(['Current', 'Short', 'Shortest']);
    expect(plan.shares).toEqual([50, 25, 25]);
    expect(plan.autoPromoteLoss).toBeCloseTo(0.002, 10);
    expect(experimentFormSchema.safeParse({ ...form, name_B: '' }).success).toBe(false);
  });
});
