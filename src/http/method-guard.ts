import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The methods each part of the product answers, as data: everything else is refused with
 * 405 and an Allow header before any route runs. Without it, TRACE on a published page
 * reached the renderer and answered 500, and PROPFIND or DELETE answered 200 with the page.
 * The first matching row wins.
 */
const READ = ['GET', 'HEAD'] as const;
const FORM = ['GET', 'HEAD', 'POST'] as const;
/** Pages with a form that posts back to them (the routes that handle POST). */
const FORM_PAGES = [
  // The admin: without a session every path sends to sign-in, whatever the method, before
  // saying what it takes (a stranger learns nothing of its shape); the panel's forms post.
  'admin(/.*)?',
  'invite/[^/]+',
  'mail/(confirm|unsubscribe)',
  'p/[a-z0-9-]+',
  'signup',
];
const METHODS: [RegExp, readonly string[]][] = [
  // The admin API answers 401 to anyone without a session, whatever the method, before
  // saying what a path takes: a stranger learns nothing of its shape.
  [/^\/api\/admin(\/|$)/, ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE']],
  [/^\/api\/t$/, ['POST']],
  // The REST API says per route what it takes (src/http/api-v1.ts), in its error shape.
  [/^\/api\/v1(\/|$)/, ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']],
  [new RegExp(`^/(${FORM_PAGES.join('|')})/?$`), FORM],
  // Everything else is read: other pages, files, feeds, and addresses that are not found.
  [/^\//, READ],
];

export const allowedMethods = (path: string): readonly string[] =>
  METHODS.find(([pattern]) => pattern.test(path))?.[1] ?? ['GET', 'HEAD'];

/** Answers 405 for a method the path does not take; true when it did. */
export function refuseUnexpectedMethod(
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): boolean {
  const allowed = allowedMethods(path);
  if (allowed.includes(req.method ?? '')) return false;
  const body = JSON.stringify({
    error: {
      code: 'method_not_allowed',
      message: `${path} does not take ${String(req.method).slice(0, 20)} requests; it takes ${allowed.join(', ')}.`,
    },
  });
  res
    .writeHead(405, {
      allow: allowed.join(', '),
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(Buffer.byteLength(body)),
    })
    .end(req.method === 'HEAD' ? undefined : body);
  return true;
}
