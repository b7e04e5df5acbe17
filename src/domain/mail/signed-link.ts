import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

/*
 * A link a mail carries that acts without a session (unsubscribe, confirm an address):
 * what it does is in the token itself, signed with the instance's mail key, so any
 * instance checks it and nothing needs storing per mail. A token names one member's one
 * setting, or one submission: forging another needs the key.
 */

export const linkPayloadSchema = z.discriminatedUnion('a', [
  /** Turn off one member's lead alerts or digest in one workspace. */
  z.object({
    a: z.enum(['lead', 'digest']),
    u: z.string().max(60),
    w: z.string().max(60),
  }),
  /** Confirm the address a submission was sent with (double opt-in). */
  z.object({ a: z.literal('confirm'), s: z.string().max(60) }),
]);
export type LinkPayload = z.infer<typeof linkPayloadSchema>;

const mac = (key: string, body: string) =>
  createHmac('sha256', key).update(body).digest('base64url');

export function signLink(key: string, payload: LinkPayload): string {
  const body = Buffer.from(JSON.stringify(payload)).toString('base64url');
  return `${body}.${mac(key, body)}`;
}

/** The payload of a token this instance signed; null for anything else. */
export function readLink(key: string, token: string): LinkPayload | null {
  const [body, sig, ...rest] = token.split('.');
  if (!body || !sig || rest.length || body.length > 600) return null;
  const expected = Buffer.from(mac(key, body));
  const given = Buffer.from(sig);
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  try {
    const parsed = linkPayloadSchema.safeParse(
      JSON.parse(Buffer.from(body, 'base64url').toString('utf8')),
    );
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}
