import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing (https://www.standardwebhooks.com): a `whsec_` secret of random
 * bytes in base64, and for each message `webhook-signature: v1,<base64 HMAC-SHA256 of
 * "<id>.<timestamp>.<body>">`, one signature per live secret, so that while a rotated
 * secret overlaps its successor a receiver holding either one verifies the message.
 */

const PREFIX = 'whsec_';

export const newWebhookSecret = (): string => PREFIX + randomBytes(24).toString('base64');

export function signature(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.slice(PREFIX.length), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestamp}.${body}`).digest('base64')}`;
}

/** The three headers of a signed delivery; `at` in ms, sent as whole seconds. */
export function signedHeaders(
  secrets: string[],
  id: string,
  at: number,
  body: string,
): Record<string, string> {
  const timestamp = Math.floor(at / 1000);
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestamp),
    'webhook-signature': secrets.map((s) => signature(s, id, timestamp, body)).join(' '),
  };
}
