import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../db/client';
import { findPublishedPage } from '../domain/landing-pages/pages';
import { receiveBeacon } from '../lib/beacon-receiver';
import type { IncomingRequest } from '../lib/http/body';
import type { BeaconWriter } from './beacon-writer';
import { PUBLIC_HEADERS } from '../lib/security-headers';
import { receiveSubmission, submissionJson } from '../lib/submission';

type Route = {
  method: string;
  /** The route's parameter when the request is this route's, else null. */
  match: (path: string, req: IncomingMessage) => string | null;
  handle: (param: string, req: IncomingMessage) => Promise<Response>;
};

/** Visitor traffic that must be fast answered straight from Node, before Astro's pipeline. */
const routes = (db: Db, beacons: BeaconWriter): Route[] => [
  {
    // The tracker's beacons: answered as soon as they are checked, written just after.
    method: 'POST',
    match: (path) => (path === '/api/t' ? '' : null),
    handle: (_, req) =>
      receiveBeacon(
        { request: incoming(req), clientAddress: req.socket.remoteAddress ?? '', db },
        (input) => beacons.enqueue(input),
      ),
  },
  {
    // The form script's submissions (Accept: application/json); plain HTML posts go to Astro.
    method: 'POST',
    match: (path, req) =>
      req.headers.accept?.includes('application/json')
        ? (/^\/p\/([a-z0-9-]{2,60})$/.exec(path)?.[1] ?? null)
        : null,
    handle: async (slug, req) => {
      const page = await findPublishedPage(db, slug);
      if (!page)
        return Response.json(
          { error: { code: 'not_found', message: 'This page is not published.' } },
          { status: 404 },
        );
      const from = { request: incoming(req), clientAddress: req.socket.remoteAddress ?? '', db };
      return submissionJson(await receiveSubmission(from, page));
    },
  },
];

/** A view of Node's request with just what our readers use: no web streams to build. */
function incoming(req: IncomingMessage): IncomingRequest {
  const encrypted = 'encrypted' in req.socket && req.socket.encrypted;
  return {
    url: `${encrypted ? 'https' : 'http'}://localhost${req.url ?? '/'}`,
    headers: {
      get: (name) => {
        const value = req.headers[name.toLowerCase()];
        return Array.isArray(value) ? value.join(', ') : (value ?? null);
      },
    },
    body: req,
  };
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = { ...PUBLIC_HEADERS };
  response.headers.forEach((value, key) => (headers[key] = value));
  const body = Buffer.from(await response.arrayBuffer());
  headers['content-length'] = String(body.length);
  res.writeHead(response.status, headers).end(body);
}

/**
 * Returns a handler that takes the hot visitor routes and returns true, or returns false
 * for Astro to handle the request. It never throws: an unexpected error answers 500 JSON
 * and is logged.
 */
export function createHotPath(
  db: Db,
  beacons: BeaconWriter,
): (req: IncomingMessage, res: ServerResponse) => boolean {
  const table = routes(db, beacons);
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    for (const route of table) {
      if (req.method !== route.method) continue;
      const param = route.match(path, req);
      if (param === null) continue;
      route
        .handle(param, req)
        .then((response) => send(res, response))
        .catch((error: unknown) => {
          console.error(
            JSON.stringify({ level: 'error', msg: 'hot path failed', path, error: String(error) }),
          );
          if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
          res.end(
            JSON.stringify({
              error: {
                code: 'internal',
                message: 'Something went wrong on our side. Please try again.',
              },
            }),
          );
        });
      return true;
    }
    return false;
  };
}
