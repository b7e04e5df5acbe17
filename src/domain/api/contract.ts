import {
  extendZodWithOpenApi,
  OpenAPIRegistry,
  OpenApiGeneratorV31,
} from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';
import { inboxQuerySchema } from '../leads/inbox';
import { LEAD_STATUSES } from '../leads/status';
import { consentItemSchema } from '../leads/consent';
import { experimentPlanSchema, VARIANT_KEYS } from '../experiments/experiments';
import { submissionVariantSchema } from '../experiments/submission-variants';

/*
 * The REST API's contract, as Zod schemas: the handlers parse requests with them and shape
 * answers by them, and the OpenAPI 3.1 document at /api/v1/openapi.json is generated from
 * them (by @asteasolutions/zod-to-openapi), so the document cannot drift from the code.
 */
extendZodWithOpenApi(z);

const registry = new OpenAPIRegistry();
const bearer = registry.registerComponent('securitySchemes', 'apiKey', {
  type: 'http',
  scheme: 'bearer',
  description:
    'An API key from Settings → API keys (kdl_…), sent as `Authorization: Bearer kdl_…`. Read keys may only GET.',
});

const tier = z.enum(['hot', 'warm', 'cold']);
const when = z.string().openapi({ format: 'date-time', example: '2026-12-02T10:14:03.120Z' });

export const apiErrorSchema = registry.register(
  'Error',
  z
    .object({
      error: z.object({
        code: z.string().openapi({ example: 'not_found' }),
        message: z.string().openapi({ example: 'No lead with that id in this workspace.' }),
      }),
    })
    .openapi({ description: 'Every error has this shape.' }),
);

export const leadSummarySchema = registry.register(
  'LeadSummary',
  z.object({
    id: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    company: z.string().nullable(),
    score: z.number().int(),
    tier,
    status: z.enum(LEAD_STATUSES),
    source: z.string().nullable(),
    page: z.object({ id: z.string(), title: z.string().nullable() }).nullable(),
    submissions: z.number().int(),
    why: z
      .string()
      .nullable()
      .openapi({ description: 'The reason that weighs most in the score.' }),
    lastTouchAt: when,
    createdAt: when,
  }),
);

export const leadListSchema = registry.register(
  'LeadList',
  z.object({
    leads: z.array(leadSummarySchema),
    next: z
      .string()
      .nullable()
      .openapi({ description: 'Pass as `after` for the next page; null on the last page.' }),
  }),
);

const answerSchema = z.object({
  name: z.string(),
  label: z.string(),
  value: z.union([z.string(), z.array(z.string()), z.boolean(), z.number()]),
});

export const leadDetailSchema = registry.register(
  'Lead',
  leadSummarySchema.extend({
    phone: z.string().nullable(),
    qualified: z.boolean(),
    assigneeUserId: z.string().nullable(),
    emailConfirmedAt: when.nullable(),
    breakdown: z
      .array(
        z.object({
          rule: z.string(),
          group: z.enum(['touches', 'engagement', 'intent', 'fit', 'negative']),
          points: z.number(),
          evidence: z.string(),
        }),
      )
      .openapi({ description: 'Every reason for the score, with its points.' }),
    nextStep: z.string(),
    submissionsList: z.array(
      z.object({
        id: z.string(),
        at: when,
        pageTitle: z.string(),
        answers: z.array(answerSchema),
        consent: z.array(consentItemSchema).nullable().openapi({
          description:
            'Each consent the form asked for: the text shown, its version, whether it was given and, for double opt-in, when the address was confirmed. Null when the form asked for none.',
        }),
        variant: submissionVariantSchema
          .nullable()
          .describe('The A/B test variant shown, when the page was under test.'),
      }),
    ),
    timeline: z.array(
      z.object({
        type: z.string(),
        at: when,
        actor: z.string().nullable(),
        data: z.record(z.string(), z.unknown()),
      }),
    ),
  }),
);

export const leadPatchSchema = registry.register(
  'LeadPatch',
  z
    .object({
      status: z.enum(LEAD_STATUSES).optional(),
      assigneeUserId: z
        .string()
        .max(40)
        .nullable()
        .optional()
        .openapi({ description: 'A member of the workspace, or null for nobody.' }),
      note: z
        .string()
        .trim()
        .min(1)
        .max(5000)
        .optional()
        .openapi({ description: 'Added to the timeline.' }),
    })
    .strict()
    .refine((p) => Object.keys(p).length > 0, 'Send at least one of status, assigneeUserId, note.'),
);

export const pageListSchema = registry.register(
  'PageList',
  z.object({
    pages: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        slug: z.string(),
        published: z.boolean(),
        submissions: z.number().int(),
        updatedAt: when,
      }),
    ),
  }),
);

const pageDocument = z.record(z.string(), z.unknown()).openapi({
  description:
    'A page document: theme, SEO and blocks, as the editor makes it (validated by the same schema).',
});

export const pageDetailSchema = registry.register(
  'Page',
  z.object({
    id: z.string(),
    title: z.string(),
    slug: z.string(),
    published: z.boolean(),
    updatedAt: when,
    draft: z.object({
      revision: z
        .number()
        .int()
        .openapi({ description: 'Send it back with a change to refuse overwriting a newer one.' }),
      document: pageDocument,
    }),
    live: z
      .object({ versionNo: z.number().int(), publishedAt: when, document: pageDocument })
      .nullable()
      .openapi({ description: 'What visitors see; null until the page is first published.' }),
  }),
);

export const draftPutSchema = registry.register(
  'DraftPut',
  z
    .object({
      document: z.unknown().openapi({ description: 'The whole new draft document.' }),
      title: z.string().max(120).optional().openapi({ description: 'Kept when left out.' }),
      slug: z.string().max(60).optional().openapi({ description: 'Kept when left out.' }),
      revision: z.number().int().min(0).optional().openapi({
        description:
          'The draft revision this change is based on: a newer draft saved meanwhile is not overwritten (409). Left out, the change replaces whatever is there.',
      }),
    })
    .strict(),
);

export const experimentCreateSchema = registry.register(
  'ExperimentCreate',
  // The domain's plan (the admin's form parses it too), made before Zod learnt .openapi():
  // its fields documented here; requests are parsed by the domain's schema itself.
  z.object(experimentPlanSchema.shape).strict().openapi({
    description:
      'Variants in order: the first is A, the live page (no document); the others are copies of the live version unless a document is given. Shares are weights (default equal), one per variant; the metric is what the test is judged by.',
  }),
);

export const experimentPromoteSchema = registry.register(
  'ExperimentPromote',
  z
    .object({ variant: z.enum(VARIANT_KEYS).openapi({ description: 'The key of the winner.' }) })
    .strict(),
);

const rateAgainstA = z
  .object({
    chanceToBeatA: z.number().openapi({ description: 'Posterior P(this variant > A), 0–1.' }),
    expectedLoss: z.number().openapi({
      description: 'What choosing it gives up on average if it is in truth worse (a rate).',
    }),
    uplift: z
      .object({ low: z.number(), high: z.number() })
      .openapi({ description: '95 % credible interval of the relative uplift over A.' }),
  })
  .nullable()
  .openapi({ description: 'Null for A.' });

export const experimentSchema = registry.register(
  'Experiment',
  z.object({
    id: z.string(),
    pageId: z.string(),
    name: z.string(),
    state: z.enum(['draft', 'running', 'ended']),
    metric: z.enum(['hot', 'warm_or_hot', 'lead']),
    windowDays: z.number().int(),
    minimumSample: z.object({
      visitors: z.number().int(),
      conversions: z.number().int(),
      days: z.number().int(),
    }),
    autoPromoteLoss: z.number().nullable(),
    createdAt: when,
    startedAt: when.nullable(),
    endedAt: when.nullable(),
    winner: z.string().nullable(),
    srm: z.object({ p: z.number(), flagged: z.boolean() }).openapi({
      description:
        'Sample ratio mismatch: the visitors against the planned shares (flagged at p < 0.001).',
    }),
    sampleLacks: z
      .array(z.string())
      .openapi({ description: 'What the minimum sample still needs.' }),
    leader: z.string().nullable(),
    verdict: z.string(),
    formsDiffer: z.boolean(),
    variants: z.array(
      z.object({
        id: z.string(),
        key: z.string(),
        name: z.string(),
        share: z.number().int(),
        pageId: z
          .string()
          .openapi({ description: 'The page to edit this variant as (A: the page).' }),
        visitors: z.number().int(),
        submissions: z.number().int(),
        leads: z.object({
          any: z.number().int(),
          hot: z.number().int(),
          warm: z.number().int(),
          cold: z.number().int(),
          unqualified: z.number().int(),
        }),
        rate: z.number().openapi({ description: 'Conversions by the metric per counted visitor.' }),
        versusA: rateAgainstA,
      }),
    ),
  }),
);

export const experimentIdParams = z.object({ id: z.string().max(60) });
export const pageIdParams = z.object({ id: z.string().max(60) });
export const leadIdParams = z.object({ id: z.string().max(60) });
export const leadsQuerySchema = inboxQuerySchema;

const errors = (...statuses: number[]) =>
  Object.fromEntries(
    statuses.map((s) => [
      s,
      {
        description: {
          400: 'The request is malformed (a clear message says how)',
          401: 'No API key, or not a live one',
          403: 'The key may only read',
          404: 'Not found in this workspace',
          409: 'Changed meanwhile by someone else: read it again',
          422: 'The change is not possible',
          429: 'Too many requests for this key; retry after the Retry-After seconds',
        }[s]!,
        content: { 'application/json': { schema: apiErrorSchema } },
      },
    ]),
  );
const json = (schema: z.ZodType, description: string) => ({
  description,
  content: { 'application/json': { schema } },
});
const security = [{ [bearer.name]: [] }];

registry.registerPath({
  method: 'get',
  path: '/leads',
  summary: 'List leads, best first',
  description:
    'The inbox with its filters, 50 a page, ordered by score (or last touch, or creation). Follow `next` for more.',
  security,
  request: { query: leadsQuerySchema },
  responses: { 200: json(leadListSchema, 'A page of leads'), ...errors(400, 401, 429) },
});
registry.registerPath({
  method: 'get',
  path: '/leads/{id}',
  summary: 'One lead, with its score breakdown, answers and timeline',
  security,
  request: { params: leadIdParams },
  responses: { 200: json(leadDetailSchema, 'The lead'), ...errors(401, 404, 429) },
});
registry.registerPath({
  method: 'patch',
  path: '/leads/{id}',
  summary: 'Change a lead’s status or assignee, or add a note',
  security,
  request: {
    params: leadIdParams,
    body: { content: { 'application/json': { schema: leadPatchSchema } } },
  },
  responses: {
    200: json(leadDetailSchema, 'The lead as it is now'),
    ...errors(400, 401, 403, 404, 422, 429),
  },
});
registry.registerPath({
  method: 'get',
  path: '/pages',
  summary: 'List the workspace’s pages',
  security,
  responses: { 200: json(pageListSchema, 'Every page'), ...errors(401, 429) },
});

registry.registerPath({
  method: 'get',
  path: '/pages/{id}',
  summary: 'One page, with its draft and its live document',
  security,
  request: { params: pageIdParams },
  responses: { 200: json(pageDetailSchema, 'The page'), ...errors(401, 404, 429) },
});
registry.registerPath({
  method: 'put',
  path: '/pages/{id}/draft',
  summary: 'Replace a page’s draft',
  description:
    'The draft changes; what visitors see does not until the page is published. A document the editor would refuse is refused with 422, naming the field’s path.',
  security,
  request: {
    params: pageIdParams,
    body: { content: { 'application/json': { schema: draftPutSchema } } },
  },
  responses: {
    200: json(pageDetailSchema, 'The page with its new draft'),
    ...errors(400, 401, 403, 404, 409, 422, 429),
  },
});
registry.registerPath({
  method: 'post',
  path: '/pages/{id}/publish',
  summary: 'Publish a page’s draft',
  description:
    'The draft becomes the next version and goes live. Publishing an unchanged draft changes nothing.',
  security,
  request: { params: pageIdParams },
  responses: {
    200: json(pageDetailSchema, 'The page as it is now live'),
    ...errors(401, 403, 404, 429),
  },
});

registry.registerPath({
  method: 'post',
  path: '/pages/{id}/experiments',
  summary: 'Make an A/B test of a published page (not started)',
  security,
  request: {
    params: pageIdParams,
    body: { content: { 'application/json': { schema: experimentCreateSchema } } },
  },
  responses: {
    201: json(experimentSchema, 'The experiment, not started'),
    ...errors(400, 401, 403, 404, 409, 422, 429),
  },
});
registry.registerPath({
  method: 'get',
  path: '/experiments/{id}',
  summary: 'An experiment: its state and, per variant, the counts and statistics',
  security,
  request: { params: experimentIdParams },
  responses: { 200: json(experimentSchema, 'The experiment'), ...errors(401, 404, 429) },
});
for (const [action, summary] of [
  ['start', 'Start the test: every variant is published and visitors are split'],
  ['stop', 'End the test without a winner: A stays live; leads and results are kept'],
] as const)
  registry.registerPath({
    method: 'post',
    path: `/experiments/{id}/${action}`,
    summary,
    security,
    request: { params: experimentIdParams },
    responses: {
      200: json(experimentSchema, 'The experiment as it is now'),
      ...errors(401, 403, 404, 409, 429),
    },
  });
registry.registerPath({
  method: 'post',
  path: '/experiments/{id}/promote',
  summary: 'Make a variant the live page and end the test',
  security,
  request: {
    params: experimentIdParams,
    body: { content: { 'application/json': { schema: experimentPromoteSchema } } },
  },
  responses: {
    200: json(experimentSchema, 'The experiment, ended with its winner'),
    ...errors(400, 401, 403, 404, 409, 422, 429),
  },
});

/** The OpenAPI 3.1 document, for a server at `origin`. */
export function openApiDocument(origin: string) {
  return new OpenApiGeneratorV31(registry.definitions).generateDocument({
    openapi: '3.1.0',
    info: {
      title: 'Kindling API',
      version: '1.0.0',
      description:
        'Leads, with their scores and reasons, and pages: read, edit their drafts, publish. Errors share one shape; every request needs an API key.',
    },
    servers: [{ url: `${origin}/api/v1` }],
  });
}
