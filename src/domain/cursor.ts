import { z } from 'zod';

/**
 * Where the last page of a list ended: the sort value and id of its last row, opaque to
 * the browser, so a list pages by keyset (stable while rows arrive) rather than by offset.
 */
const cursorSchema = z.tuple([z.number(), z.string().max(40)]);

export const encodeCursor = (value: number, id: string) =>
  Buffer.from(JSON.stringify([value, id])).toString('base64url');

/** A cursor as it arrives in a query string. */
export const cursorParam = z.string().transform((s, ctx) => {
  try {
    return cursorSchema.parse(JSON.parse(Buffer.from(s, 'base64url').toString('utf8')));
  } catch {
    ctx.addIssue({ code: 'custom', message: 'That page link is not valid; start from the top.' });
    return z.NEVER;
  }
});
