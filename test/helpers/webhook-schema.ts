import { Ajv2020 } from 'ajv/dist/2020.js';
import { z } from 'zod';
import {
  WEBHOOK_PAYLOAD_SCHEMAS,
  type WebhookPayloadType,
} from '../../src/domain/webhooks/payloads';

/*
 * Every webhook payload the tests see is checked against the JSON Schema generated from
 * the Zod schema that builds it, by a validator we did not write (Ajv): a payload and its
 * schema that drift apart fail a test instead of reaching a CRM as a silent null.
 */
const ajv = new Ajv2020({ strict: false, allErrors: true });
const validators = new Map(
  (Object.keys(WEBHOOK_PAYLOAD_SCHEMAS) as WebhookPayloadType[]).map((type) => [
    type,
    ajv.compile(z.toJSONSchema(WEBHOOK_PAYLOAD_SCHEMAS[type], { target: 'draft-2020-12' })),
  ]),
);

/** What is wrong with a payload's body, by its JSON Schema; empty when it fits. */
export function webhookPayloadErrors(body: string): string[] {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return ['not JSON'];
  }
  const type = (parsed as { type?: unknown } | null)?.type;
  const validate = validators.get(type as WebhookPayloadType);
  if (!validate) return [`unknown event type ${String(type)}`];
  return validate(parsed)
    ? []
    : (validate.errors ?? []).map((e) => `${String(type)} ${e.instancePath} ${e.message}`);
}
