import { z } from 'zod';
import { WEBHOOK_EVENTS } from './events';
import { WEBHOOK_PAYLOAD_SCHEMAS, type WebhookPayloadType } from './payloads';

/**
 * What the admin's payload reference shows for each event: what it is for and the JSON
 * Schema of its payload, generated from the same Zod schemas that build every payload, so
 * the reference cannot drift from what is sent.
 */
export const payloadReference = (): { type: WebhookPayloadType; about: string; schema: string }[] =>
  (Object.keys(WEBHOOK_PAYLOAD_SCHEMAS) as WebhookPayloadType[]).map((type) => ({
    type,
    about:
      type === 'webhook.test'
        ? 'An owner sends a test event from this page.'
        : WEBHOOK_EVENTS[type as keyof typeof WEBHOOK_EVENTS],
    schema: JSON.stringify(
      z.toJSONSchema(WEBHOOK_PAYLOAD_SCHEMAS[type], { target: 'draft-2020-12' }),
      null,
      2,
    ),
  }));
