import { submissionVariantSchema } from '../experiments/submission-variants';
import { z } from 'zod';
import { consentItemSchema } from '../leads/consent';
import { LEAD_STATUSES } from '../leads/status';

/*
 * Every webhook payload, as Zod schemas: the builder shapes each payload by them (a field
 * that does not fit fails loudly rather than leaving as null), docs/webhooks.md describes
 * them, and the tests validate every payload a receiver gets against the JSON Schema
 * generated from them.
 */

const tier = z.enum(['hot', 'warm', 'cold']);
const iso = z.string().describe('An ISO 8601 time, UTC.');

export const webhookLeadSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  company: z.string().nullable(),
  phone: z.string().nullable(),
  score: z.number().int(),
  tier,
  status: z.enum(LEAD_STATUSES),
  assignee: z.object({ email: z.string(), name: z.string().nullable() }).nullable(),
  source: z.string().nullable(),
  breakdown: z.array(z.object({ evidence: z.string(), points: z.number().int() })),
  nextStep: z.string(),
  page: z
    .object({ id: z.string(), title: z.string().nullable(), slug: z.string().nullable() })
    .nullable(),
  submission: z
    .object({
      id: z.string(),
      at: iso,
      answers: z.array(
        z.object({
          name: z.string(),
          label: z.string(),
          value: z.union([z.string(), z.array(z.string()), z.boolean(), z.number()]),
        }),
      ),
      consent: z
        .array(consentItemSchema)
        .nullable()
        .describe('Each consent the form asked for; null when it asked for none.'),
      variant: submissionVariantSchema
        .nullable()
        .describe(
          'The A/B test variant the visitor was shown; null when the page was not under test.',
        ),
    })
    .nullable(),
  createdAt: iso,
  url: z.string(),
});
export type WebhookLead = z.infer<typeof webhookLeadSchema>;

const envelopeOf = <T extends string, D extends z.ZodType>(type: T, data: D) =>
  z.object({ type: z.literal(type), version: z.literal(1), timestamp: iso, data });

/** Each event type's whole payload, envelope included. */
export const WEBHOOK_PAYLOAD_SCHEMAS = {
  'lead.created': envelopeOf('lead.created', z.object({ lead: webhookLeadSchema })),
  'lead.tier_changed': envelopeOf(
    'lead.tier_changed',
    z.object({
      from: tier,
      to: tier,
      why: z.string().nullable(),
      reasons: z.array(z.string()),
      lead: webhookLeadSchema,
    }),
  ),
  'lead.updated': envelopeOf(
    'lead.updated',
    z.discriminatedUnion('change', [
      z.object({ change: z.literal('submission'), lead: webhookLeadSchema }),
      z.object({
        change: z.literal('status'),
        from: z.string(),
        to: z.string(),
        lead: webhookLeadSchema,
      }),
      z.object({
        change: z.literal('assignee'),
        to: z.string().nullable(),
        lead: webhookLeadSchema,
      }),
      z.object({ change: z.literal('note'), note: z.string(), lead: webhookLeadSchema }),
    ]),
  ),
  'page.published': envelopeOf(
    'page.published',
    z.object({
      page: z.object({ id: z.string(), title: z.string(), slug: z.string(), url: z.string() }),
      version: z.number().int(),
    }),
  ),
  'webhook.test': envelopeOf(
    'webhook.test',
    z.object({ message: z.string(), endpointId: z.string() }),
  ),
} as const;
export type WebhookPayloadType = keyof typeof WEBHOOK_PAYLOAD_SCHEMAS;

/** A payload's data as its schema has it (the envelope's `data`). */
export type WebhookData<T extends WebhookPayloadType> = z.input<
  (typeof WEBHOOK_PAYLOAD_SCHEMAS)[T]
>['data'];

/**
 * The bytes an event sends, fixed when it happens: the envelope `{ type, version,
 * timestamp, data }` checked against the type's schema, so nothing that does not fit
 * (consent stored as a list, read as a record) leaves as a silent null again.
 */
export const envelope = <T extends WebhookPayloadType>(
  type: T,
  at: number,
  data: WebhookData<T>,
): string =>
  JSON.stringify(
    WEBHOOK_PAYLOAD_SCHEMAS[type].parse({
      type,
      version: 1,
      timestamp: new Date(at).toISOString(),
      data,
    }),
  );
