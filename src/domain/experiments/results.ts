import { sql } from 'kysely';
import type { Db } from '../../../db/client';
import type { ExperimentMetric, Tier } from '../../../db/schema';
import { formBlocks } from '../landing-pages/document';
import { readStoredDocument } from '../landing-pages/stored-document';
import { METRICS, type Experiment } from './experiments';
import {
  chanceToBeat,
  expectedLoss,
  posteriorOf,
  sampleRatioMismatch,
  upliftInterval,
} from './statistics';

const DAY_MS = 86_400_000;
/** The chance to beat A a verdict needs (GrowthBook's and VWO's default). */
export const WINNING_CHANCE = 0.95;

export type VariantResult = {
  id: string;
  key: string;
  name: string;
  share: number;
  /** Counted visitors: first shown this variant, not opted out, not a bot. */
  visitors: number;
  /** Form posts credited to the variant (a visitor may send several). */
  submissions: number;
  /** Counted visitors by what they became (their lead's tier at the window's end, or now). */
  leads: Record<Tier | 'unqualified', number> & { any: number };
  /** Counted visitors whose window has closed: their outcome can no longer change. */
  settled: number;
  /** Visitors converting by the test's metric, and their rate. */
  conversions: number;
  rate: number;
  /** Against A (null for A itself). */
  versusA: { chanceToBeat: number; expectedLoss: number; uplift: [number, number] } | null;
};

export type ExperimentResults = {
  metric: ExperimentMetric;
  variants: VariantResult[];
  srm: { p: number; flagged: boolean };
  /** What the minimum sample still lacks, in words; empty once it is in. */
  sampleLacks: string[];
  /** The variant a verdict favours, when the sample is in, SRM clear and one is sure enough. */
  leader: string | null;
  verdict: string;
  /** The variants' forms ask different questions: scores may see different signals. */
  formsDiffer: boolean;
};

const conversionsOf = (metric: ExperimentMetric, leads: VariantResult['leads']): number =>
  metric === 'hot' ? leads.hot : metric === 'warm_or_hot' ? leads.hot + leads.warm : leads.any;

const percent = (x: number, digits = 0) => `${(x * 100).toFixed(digits)} %`;
const points = (x: number) => `${(x * 100).toFixed(x < 0.001 ? 2 : 1)} points`;

/** Counted visitors and their outcomes, per variant key, in one pass over the exposures. */
async function tally(db: Db, experimentId: string, now: number) {
  const rows = await db
    .selectFrom('experiment_exposures')
    .select((eb) => [
      'variant_key',
      eb.fn.countAll<number>().as('visitors'),
      sql<number>`sum(case when outcome is not null then 1 else 0 end)`.as('any'),
      sql<number>`sum(case when outcome = 'hot' then 1 else 0 end)`.as('hot'),
      sql<number>`sum(case when outcome = 'warm' then 1 else 0 end)`.as('warm'),
      sql<number>`sum(case when outcome = 'cold' then 1 else 0 end)`.as('cold'),
      sql<number>`sum(case when outcome = 'unqualified' then 1 else 0 end)`.as('unqualified'),
      sql<number>`sum(case when window_ends_at <= ${now} then 1 else 0 end)`.as('settled'),
    ])
    .where('experiment_id', '=', experimentId)
    .groupBy('variant_key')
    .execute();
  return new Map(rows.map((r) => [r.variant_key, r]));
}

async function submissionsPerVariant(db: Db, variantIds: string[]) {
  const rows = await db
    .selectFrom('submissions')
    .select((eb) => ['variant_id', eb.fn.countAll<number>().as('n')])
    .where('variant_id', 'in', variantIds)
    .groupBy('variant_id')
    .execute();
  return new Map(rows.map((r) => [r.variant_id, Number(r.n)]));
}

/** The questions a variant's live version asks, to tell whether the variants ask the same. */
async function formQuestions(db: Db, experiment: Experiment): Promise<string[]> {
  const rows = await db
    .selectFrom('experiment_variants as v')
    .innerJoin('pages as p', 'p.id', 'v.page_id')
    .leftJoin('page_versions as pv', (join) =>
      join.on((eb) => eb('pv.id', '=', eb.fn.coalesce('v.version_id', 'p.published_version_id'))),
    )
    .select('pv.document_json')
    .where('v.experiment_id', '=', experiment.id)
    .orderBy('v.key')
    .execute();
  return rows.map((r) =>
    r.document_json
      ? formBlocks(readStoredDocument(r.document_json))
          .flatMap((b) => (b.type === 'form' ? b.props.form.fields.map((f) => f.name) : []))
          .sort()
          .join(',')
      : '',
  );
}

/**
 * A test's results as the results page and the API show them: per variant its visitors,
 * submissions, leads by tier and rate by the test's metric, each against A with the chance
 * to beat it, the expected loss and the uplift's interval; the sample-ratio check; and the
 * verdict in words, withheld until the minimum sample is in and the split is as planned.
 */
export async function experimentResults(
  db: Db,
  experiment: Experiment,
  now: number,
): Promise<ExperimentResults> {
  const [counts, submissions, questions] = await Promise.all([
    tally(db, experiment.id, now),
    submissionsPerVariant(
      db,
      experiment.variants.map((v) => v.id),
    ),
    formQuestions(db, experiment),
  ]);
  const base = experiment.variants.map((v) => {
    const c = counts.get(v.key);
    const leads = {
      any: Number(c?.any ?? 0),
      hot: Number(c?.hot ?? 0),
      warm: Number(c?.warm ?? 0),
      cold: Number(c?.cold ?? 0),
      unqualified: Number(c?.unqualified ?? 0),
    };
    const visitors = Number(c?.visitors ?? 0);
    const conversions = conversionsOf(experiment.metric, leads);
    return {
      id: v.id,
      key: v.key,
      name: v.name,
      share: v.share,
      visitors,
      submissions: submissions.get(v.id) ?? 0,
      leads,
      settled: Number(c?.settled ?? 0),
      conversions,
      rate: visitors ? conversions / visitors : 0,
    };
  });
  const a = posteriorOf(base[0]!.visitors, base[0]!.conversions);
  const variants: VariantResult[] = base.map((v, i) => {
    if (i === 0) return { ...v, versusA: null };
    const b = posteriorOf(v.visitors, v.conversions);
    return {
      ...v,
      versusA: {
        chanceToBeat: chanceToBeat(a, b),
        expectedLoss: expectedLoss(a, b),
        uplift: upliftInterval(a, b),
      },
    };
  });
  const srm = sampleRatioMismatch(
    variants.map((v) => v.visitors),
    variants.map((v) => v.share),
  );
  const sampleLacks = lacking(experiment, variants, now);
  const { leader, verdict } = verdictOf(experiment, variants, srm.flagged, sampleLacks);
  return {
    metric: experiment.metric,
    variants,
    srm: { p: srm.p, flagged: srm.flagged },
    sampleLacks,
    leader,
    verdict,
    formsDiffer: new Set(questions).size > 1,
  };
}

function lacking(experiment: Experiment, variants: VariantResult[], now: number): string[] {
  const lacks: string[] = [];
  const days = experiment.startedAt === null ? 0 : (now - experiment.startedAt) / DAY_MS;
  if (days < experiment.minDays)
    lacks.push(
      `${Math.ceil(experiment.minDays - days)} more day${experiment.minDays - days > 1 ? 's' : ''} (a test runs at least ${experiment.minDays}, so that every weekday is in)`,
    );
  const noun = METRICS[experiment.metric].rate.replace(' per visitor', '');
  for (const v of variants) {
    const parts = [
      v.visitors < experiment.minVisitors
        ? `${(experiment.minVisitors - v.visitors).toLocaleString('en')} more visitors`
        : '',
      v.conversions < experiment.minConversions
        ? `${experiment.minConversions - v.conversions} more ${noun}`
        : '',
    ].filter(Boolean);
    if (parts.length) lacks.push(`${parts.join(' and ')} on ${v.key}`);
  }
  return lacks;
}

function verdictOf(
  experiment: Experiment,
  variants: VariantResult[],
  srmFlagged: boolean,
  sampleLacks: string[],
): { leader: string | null; verdict: string } {
  if (experiment.state === 'draft')
    return { leader: null, verdict: 'Not started: start the test to split the traffic.' };
  if (srmFlagged)
    return {
      leader: null,
      verdict:
        'No verdict: the visitors did not split as planned (sample ratio mismatch, p < 0.001). Something served or counted one variant more than its share — a redirect, a cache, a bot — so the numbers cannot be trusted.',
    };
  if (sampleLacks.length)
    return {
      leader: null,
      verdict:
        experiment.state === 'ended'
          ? 'Ended before the minimum sample was in: these numbers cannot name a winner.'
          : `Too early to call: the minimum sample still needs ${sampleLacks.join(', ')}.`,
    };
  const rate = METRICS[experiment.metric].rate;
  const a = variants[0]!;
  const best = variants
    .slice(1)
    .reduce((top, v) => (v.versusA!.chanceToBeat > top.versusA!.chanceToBeat ? v : top));
  const chance = best.versusA!.chanceToBeat;
  const ratio = a.rate > 0 ? `${(best.rate / a.rate).toFixed(1)}×` : 'more';
  if (chance >= WINNING_CHANCE)
    return {
      leader: best.key,
      verdict: `${best.key} brings ${ratio} the ${rate} of A; ${percent(chance)} chance it is better; choosing it risks at most ${points(best.versusA!.expectedLoss)}.`,
    };
  if (chance <= 1 - WINNING_CHANCE && variants.length === 2)
    return {
      leader: 'A',
      verdict: `A brings more ${rate} than ${best.key}: ${percent(1 - chance)} chance A is better. Keep A.`,
    };
  return {
    leader: null,
    verdict: `No clear winner yet: the best, ${best.key}, has a ${percent(chance)} chance to beat A (a winner needs ${percent(WINNING_CHANCE)}). Let it run, or keep A.`,
  };
}
