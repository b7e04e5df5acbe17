import type { z } from 'zod';
import type { Services } from '../app/services';
import { authenticateApiKey, type ApiCaller } from '../domain/api/api-keys';
import {
  leadDetailSchema,
  leadListSchema,
  leadPatchSchema,
  leadsQuerySchema,
  draftPutSchema,
  openApiDocument,
  pageDetailSchema,
  pageListSchema,
  experimentPromoteSchema,
  experimentSchema,
} from '../domain/api/contract';
import {
  createExperiment,
  experimentPlanSchema,
  endExperiment,
  getExperiment,
  startExperiment,
  type Experiment,
} from '../domain/experiments/experiments';
import { experimentResults } from '../domain/experiments/results';
import type { Result } from '../shared/result';
import {
  findPageRow,
  getPageWithLive,
  listPages,
  publishPage,
  saveDraft,
} from '../domain/landing-pages/pages';
import { inboxPage, type InboxRow } from '../domain/leads/inbox';
import { addLeadNote, assignLead, setLeadStatus } from '../domain/leads/lead-actions';
import { getLead, pageOfLead, type LeadDetail } from '../domain/leads/lead-detail';
import { TIER_GUIDE } from '../domain/scoring/tiers';
import { BODY_ERROR_STATUS, readJsonBody } from './body';
import { CLIENT_IP_HEADER } from './caller-address';
import { jsonError } from './responses';

/*
 * The REST API under /api/v1: a table of routes, each a method, a path pattern, whether it
 * writes, and what answers it. Every answer is shaped by the contract's schemas, which the
 * OpenAPI document is generated from.
 */

const iso = (ms: number) => new Date(ms).toISOString();

const summaryOf = (r: InboxRow): z.input<typeof leadListSchema>['leads'][number] => ({
  id: r.id,
  email: r.email,
  name: r.name,
  company: r.company,
  score: r.score,
  tier: r.tier,
  status: r.status,
  source: r.source,
  page: r.pageId ? { id: r.pageId, title: r.pageTitle } : null,
  submissions: r.submissions,
  why: r.why,
  lastTouchAt: iso(r.lastTouchAt),
  createdAt: iso(r.createdAt),
});

const detailOf = (l: LeadDetail, page: { id: string; title: string | null } | null) =>
  leadDetailSchema.parse({
    id: l.id,
    email: l.email,
    name: l.name,
    company: l.company,
    score: l.score,
    tier: l.tier,
    status: l.status,
    source: l.source,
    page,
    submissions: l.submissions,
    why:
      l.breakdown.toSorted((a, b) => Math.abs(b.points) - Math.abs(a.points))[0]?.evidence ?? null,
    lastTouchAt: iso(l.lastTouchAt),
    createdAt: iso(l.createdAt),
    phone: l.phone,
    qualified: l.qualified,
    assigneeUserId: l.assigneeUserId,
    emailConfirmedAt: l.emailConfirmedAt === null ? null : iso(l.emailConfirmedAt),
    breakdown: l.breakdown,
    nextStep: TIER_GUIDE[l.tier].nextStep,
    submissionsList: l.submissionsList.map((s) => ({
      id: s.id,
      at: iso(s.at),
      pageTitle: s.pageTitle,
      answers: s.answers.map((a) => ({ name: a.name, label: a.label, value: a.value })),
      consent: s.consent,
      variant: s.variant,
    })),
    timeline: l.activity.map((a) => ({
      type: a.type,
      at: iso(a.at),
      actor: a.actor,
      data: a.data,
    })),
  });

type Context = {
  services: Services;
  caller: ApiCaller;
  url: URL;
  request: Request;
  params: string[];
};
type Route = {
  method: 'GET' | 'PATCH' | 'PUT' | 'POST';
  path: RegExp;
  writes: boolean;
  run: (c: Context) => Promise<Response>;
};

const badRequest = (issues: z.core.$ZodIssue[]) => {
  const issue = issues[0]!;
  return jsonError(
    400,
    'invalid_request',
    `${issue.path.join('.') || 'request'}: ${issue.message}`,
  );
};
const noLead = () => jsonError(404, 'not_found', 'No lead with that id in this workspace.');
const noPage = () => jsonError(404, 'not_found', 'No page with that id in this workspace.');

async function pageAnswer({ services, caller }: Context, pageId: string): Promise<Response> {
  const page = await getPageWithLive(services.db, caller.workspaceId, pageId);
  if (!page) return noPage();
  return Response.json(
    pageDetailSchema.parse({
      id: page.id,
      title: page.title,
      slug: page.slug,
      published: page.published,
      updatedAt: iso(page.updatedAt),
      draft: { revision: page.revision, document: page.document },
      live: page.live && { ...page.live, publishedAt: iso(page.live.publishedAt) },
    }),
  );
}

const noExperiment = () =>
  jsonError(404, 'not_found', 'No experiment with that id in this workspace.');

/** An experiment with its results, as the contract shapes it. */
async function experimentAnswer(
  { services }: Context,
  experiment: Experiment,
  status = 200,
): Promise<Response> {
  const results = await experimentResults(services.db, experiment, services.clock.now());
  const at = (ms: number | null) => (ms === null ? null : iso(ms));
  return Response.json(
    experimentSchema.parse({
      id: experiment.id,
      pageId: experiment.pageId,
      name: experiment.name,
      state: experiment.state,
      metric: experiment.metric,
      windowDays: experiment.windowDays,
      minimumSample: {
        visitors: experiment.minVisitors,
        conversions: experiment.minConversions,
        days: experiment.minDays,
      },
      autoPromoteLoss: experiment.autoPromoteLoss,
      createdAt: iso(experiment.createdAt),
      startedAt: at(experiment.startedAt),
      endedAt: at(experiment.endedAt),
      winner: experiment.winnerKey,
      srm: results.srm,
      sampleLacks: results.sampleLacks,
      leader: results.leader,
      verdict: results.verdict,
      formsDiffer: results.formsDiffer,
      variants: results.variants.map((v) => ({
        id: v.id,
        key: v.key,
        name: v.name,
        share: v.share,
        pageId: experiment.variants.find((x) => x.id === v.id)!.pageId,
        visitors: v.visitors,
        submissions: v.submissions,
        leads: v.leads,
        rate: v.rate,
        versusA: v.versusA && {
          chanceToBeatA: v.versusA.chanceToBeat,
          expectedLoss: v.versusA.expectedLoss,
          uplift: { low: v.versusA.uplift[0], high: v.versusA.uplift[1] },
        },
      })),
    }),
    { status },
  );
}

/** A change to an experiment answered: its new state, or why it could not be made. */
function experimentOutcome(
  c: Context,
  done: Result<{ experiment: Experiment; slug: string }, string>,
): Promise<Response> | Response {
  if (!done.ok)
    return done.code === 'not_found'
      ? noExperiment()
      : jsonError(done.code === 'unknown_variant' ? 422 : 409, done.code, done.message);
  // What is served at the page's address changed: this instance sees it at once.
  c.services.livePages.forget(done.value.slug);
  c.services.jobs.kick();
  return experimentAnswer(c, done.value.experiment);
}

async function leadAnswer({ services, caller }: Context, leadId: string): Promise<Response> {
  const lead = await getLead(services.db, caller.workspaceId, leadId);
  if (!lead) return noLead();
  const page = await pageOfLead(services.db, caller.workspaceId, lead.id);
  return Response.json(detailOf(lead, page ?? null));
}

const ROUTES: Route[] = [
  {
    method: 'GET',
    path: /^leads$/,
    writes: false,
    run: async ({ services, caller, url }) => {
      const query = leadsQuerySchema.safeParse(Object.fromEntries(url.searchParams));
      if (!query.success) return badRequest(query.error.issues);
      const page = await inboxPage(services.db, caller.workspaceId, query.data);
      return Response.json(
        leadListSchema.parse({ leads: page.rows.map(summaryOf), next: page.next }),
      );
    },
  },
  {
    method: 'GET',
    path: /^leads\/([^/]{1,60})$/,
    writes: false,
    run: (c) => leadAnswer(c, c.params[0]!),
  },
  {
    method: 'PATCH',
    path: /^leads\/([^/]{1,60})$/,
    writes: true,
    run: async (c) => {
      const { services, caller, request } = c;
      const body = await readJsonBody(request, 16 * 1024);
      if (!body.ok) return jsonError(BODY_ERROR_STATUS[body.code], body.code, body.message);
      const patch = leadPatchSchema.safeParse(body.value);
      if (!patch.success) return badRequest(patch.error.issues);
      const ref = {
        workspaceId: caller.workspaceId,
        leadId: c.params[0]!,
        userId: caller.userId,
        now: services.clock.now(),
      };
      if (!(await getLead(services.db, caller.workspaceId, ref.leadId))) return noLead();
      if (patch.data.assigneeUserId !== undefined) {
        const assigned = await assignLead(services.db, {
          ...ref,
          assigneeUserId: patch.data.assigneeUserId,
        });
        if (assigned === 'not_a_member')
          return jsonError(
            422,
            'not_a_member',
            'assigneeUserId is not a member of this workspace.',
          );
      }
      if (patch.data.status)
        await setLeadStatus(services.db, { ...ref, status: patch.data.status });
      if (patch.data.note) await addLeadNote(services.db, { ...ref, text: patch.data.note });
      services.jobs.kick();
      return leadAnswer(c, ref.leadId);
    },
  },
  {
    method: 'GET',
    path: /^pages$/,
    writes: false,
    run: async ({ services, caller }) => {
      const pages = await listPages(services.db, caller.workspaceId);
      return Response.json(
        pageListSchema.parse({
          pages: pages.map((p) => ({
            id: p.id,
            title: p.title,
            slug: p.slug,
            published: p.published,
            submissions: p.submissions,
            updatedAt: iso(p.updatedAt),
          })),
        }),
      );
    },
  },
  {
    method: 'GET',
    path: /^pages\/([^/]{1,60})$/,
    writes: false,
    run: (c) => pageAnswer(c, c.params[0]!),
  },
  {
    method: 'PUT',
    path: /^pages\/([^/]{1,60})\/draft$/,
    writes: true,
    run: async (c) => {
      const { services, caller, request } = c;
      const body = await readJsonBody(request, 512 * 1024);
      if (!body.ok) return jsonError(BODY_ERROR_STATUS[body.code], body.code, body.message);
      const put = draftPutSchema.safeParse(body.value);
      if (!put.success) return badRequest(put.error.issues);
      // The row, not the whole draft: only its title, address and revision are kept.
      const page = await findPageRow(services.db, caller.workspaceId, c.params[0]!);
      if (!page) return noPage();
      const saved = await saveDraft(services.db, {
        workspaceId: caller.workspaceId,
        pageId: page.id,
        title: put.data.title ?? page.title,
        slug: put.data.slug ?? page.slug,
        document: put.data.document,
        expectedRevision: put.data.revision ?? page.draft_revision,
        now: services.clock.now(),
      });
      if (!saved.ok)
        return saved.code === 'not_found'
          ? noPage()
          : jsonError(saved.code === 'conflict' ? 409 : 422, saved.code, saved.message);
      // A renamed published page left its old address: this instance stops serving it now.
      services.livePages.forget(saved.value.slugBefore);
      return pageAnswer(c, page.id);
    },
  },
  {
    method: 'POST',
    path: /^pages\/([^/]{1,60})\/publish$/,
    writes: true,
    run: async (c) => {
      const { services, caller } = c;
      const published = await publishPage(services.db, {
        workspaceId: caller.workspaceId,
        pageId: c.params[0]!,
        userId: caller.userId,
        now: services.clock.now(),
      });
      if (!published.ok) return noPage();
      services.livePages.forget(published.value.slug);
      services.jobs.kick();
      return pageAnswer(c, c.params[0]!);
    },
  },
  {
    method: 'POST',
    path: /^pages\/([^/]{1,60})\/experiments$/,
    writes: true,
    run: async (c) => {
      const { services, caller, request } = c;
      const body = await readJsonBody(request, 2 * 1024 * 1024);
      if (!body.ok) return jsonError(BODY_ERROR_STATUS[body.code], body.code, body.message);
      const plan = experimentPlanSchema.safeParse(body.value);
      if (!plan.success) return badRequest(plan.error.issues);
      const made = await createExperiment(services.db, {
        workspaceId: caller.workspaceId,
        pageId: c.params[0]!,
        plan: plan.data,
        userId: caller.userId,
        now: services.clock.now(),
      });
      if (!made.ok) {
        if (made.code === 'not_found') return noPage();
        return jsonError(made.code === 'already_open' ? 409 : 422, made.code, made.message, {
          fields: made.fields ?? {},
        });
      }
      return experimentAnswer(c, made.value, 201);
    },
  },
  {
    method: 'GET',
    path: /^experiments\/([^/]{1,60})$/,
    writes: false,
    run: async (c) => {
      const experiment = await getExperiment(c.services.db, c.caller.workspaceId, c.params[0]!);
      return experiment ? experimentAnswer(c, experiment) : noExperiment();
    },
  },
  {
    method: 'POST',
    path: /^experiments\/([^/]{1,60})\/start$/,
    writes: true,
    run: async (c) =>
      experimentOutcome(
        c,
        await startExperiment(c.services.db, {
          workspaceId: c.caller.workspaceId,
          experimentId: c.params[0]!,
          userId: c.caller.userId,
          now: c.services.clock.now(),
        }),
      ),
  },
  {
    method: 'POST',
    path: /^experiments\/([^/]{1,60})\/(promote|stop)$/,
    writes: true,
    run: async (c) => {
      let winnerKey: string | null = null;
      if (c.params[1] === 'promote') {
        const body = await readJsonBody(c.request, 16 * 1024);
        if (!body.ok) return jsonError(BODY_ERROR_STATUS[body.code], body.code, body.message);
        const promote = experimentPromoteSchema.safeParse(body.value);
        if (!promote.success) return badRequest(promote.error.issues);
        winnerKey = promote.data.variant;
      }
      return experimentOutcome(
        c,
        await endExperiment(c.services.db, {
          workspaceId: c.caller.workspaceId,
          experimentId: c.params[0]!,
          winnerKey,
          userId: c.caller.userId,
          now: c.services.clock.now(),
        }),
      );
    },
  },
];

/** Answers a request for /api/v1/<path>. */
export async function answerApiV1(
  services: Services,
  request: Request,
  path: string,
  url: URL,
): Promise<Response> {
  const now = services.clock.now();
  const isDocument = path === 'openapi.json';
  const matching = isDocument ? [] : ROUTES.filter((r) => r.path.test(path));
  if (!isDocument && !matching.length)
    return jsonError(404, 'not_found', `There is no /api/v1/${path}. See /api/v1/openapi.json.`);
  // What this path takes, and only that: HEAD with GET, OPTIONS to ask.
  const methods = isDocument ? ['GET'] : matching.map((r) => r.method);
  const allow = [...methods.flatMap((m) => (m === 'GET' ? ['GET', 'HEAD'] : [m])), 'OPTIONS'].join(
    ', ',
  );
  const method = request.method === 'HEAD' ? 'GET' : request.method;
  if (request.method === 'OPTIONS') return new Response(null, { status: 204, headers: { allow } });
  if (!methods.includes(method))
    return Response.json(
      {
        error: {
          code: 'method_not_allowed',
          message: `Use ${methods.join(' or ')} here.`,
        },
      },
      { status: 405, headers: { allow } },
    );
  if (isDocument)
    return Response.json(openApiDocument(services.config.siteOrigin), {
      headers: { 'access-control-allow-origin': '*' },
    });
  const route = matching.find((r) => r.method === method)!;
  const token = /^Bearer\s+(\S+)$/i.exec(request.headers.get('authorization') ?? '')?.[1];
  if (!token)
    return jsonError(
      401,
      'unauthorized',
      'Send an API key: Authorization: Bearer kdl_… (Settings → API keys).',
    );
  // Wrong keys are counted per address: past the limit, even a right one waits its turn,
  // so guessing learns nothing while it is refused.
  const address = request.headers.get(CLIENT_IP_HEADER) ?? 'unknown';
  const failures = services.limits.apiFailuresPerIp;
  if (await failures.isOver(services.db, address, now)) return tooManyWrongKeys();
  const caller = await authenticateApiKey(services.db, token, now);
  if (!caller) {
    if ((await failures.hit(services.db, address, now)) > 0) return tooManyWrongKeys();
    return jsonError(401, 'unauthorized', 'That API key is not valid, or was revoked.');
  }
  const limit = await services.limits.apiPerKey.take(services.db, caller.keyId, now);
  const rateHeaders = {
    'ratelimit-limit': String(services.limits.apiPerKey.limit),
    'ratelimit-remaining': String(limit.remaining),
    'ratelimit-reset': String(Math.ceil(limit.resetMs / 1000)),
  };
  if (limit.waitMs > 0)
    return Response.json(
      { error: { code: 'too_many_requests', message: 'Too many requests for this API key.' } },
      {
        status: 429,
        headers: { ...rateHeaders, 'retry-after': String(Math.ceil(limit.waitMs / 1000)) },
      },
    );
  const answer = await answerRoute(route, services, caller, request, url, path);
  for (const [name, value] of Object.entries(rateHeaders)) answer.headers.set(name, value);
  return answer;
}

const tooManyWrongKeys = () =>
  Response.json(
    {
      error: {
        code: 'too_many_requests',
        message: 'Too many requests with a wrong API key from your address. Wait a minute.',
      },
    },
    { status: 429, headers: { 'retry-after': '60' } },
  );

async function answerRoute(
  route: (typeof ROUTES)[number],
  services: Services,
  caller: ApiCaller,
  request: Request,
  url: URL,
  path: string,
): Promise<Response> {
  if (route.writes && caller.access !== 'read_write')
    return jsonError(
      403,
      'forbidden',
      'This API key may only read; make a read-and-write key to change leads and pages.',
    );
  return route.run({ services, caller, url, request, params: route.path.exec(path)!.slice(1) });
}
