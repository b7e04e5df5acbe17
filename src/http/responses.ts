/** One error shape for every JSON answer: `{ error: { code, message } }`. */
export function jsonError(
  status: number,
  code: string,
  message: string,
  extra: Record<string, unknown> = {},
): Response {
  return Response.json({ error: { code, message, ...extra } }, { status });
}

export const badRequest = (message: string, extra?: Record<string, unknown>) =>
  jsonError(400, 'bad_request', message, extra);
export const unauthorized = (message = 'Sign in to continue.') =>
  jsonError(401, 'unauthorized', message);
export const forbidden = (message = 'You do not have permission to do that.') =>
  jsonError(403, 'forbidden', message);
export const notFound = (message = 'Not found.') => jsonError(404, 'not_found', message);
export const conflict = (message: string) => jsonError(409, 'conflict', message);

export const redirect = (location: string, status: 302 | 303 | 308 = 303) =>
  new Response(null, { status, headers: { location } });
