import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Db } from '../../db/client';
import { findPublishedPage, peekPublishedPage } from '../domain/landing-pages/pages';
import { receiveBeacon } from './beacon';
import type { IncomingRequest } from './body';
import { CLIENT_IP_HEADER, forwardedClient, requestOrigin } from './client';
import type { EncodedResponse } from '../platform/encoded-response';
import { findRenderedPage } from '../platform/render-cache';
import { PUBLIC_HEADERS } from './security-headers';
import { receiveSubmission, submissionJson } from './submission';
import type { BeaconWriter } from '../platform/beacon-writer';
import { healthAnswer } from './health';
import { refuseUnexpectedMethod } from './method-guard';
import { renderKeyFor, writeEncoded } from './page-view';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
const FORWARDED = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port'];

/**
 * The trust boundary for proxy headers, drawn once for every route: without TRUST_PROXY
 * they are the client's own words and are dropped (Astro would believe them); with it, the
 * client's address is the hop our proxy appended, never an entry the client wrote.
 */
function resolveClient(req: IncomingMessage, trustProxy: boolean): void {
  const socket = req.socket.remoteAddress ?? '';
  const xff = req.headers['x-forwarded-for'];
  const client = trustProxy
    ? (forwardedClient(Array.isArray(xff) ? xff.join(',') : xff) ?? socket)
    : socket;
  if (!trustProxy) for (const name of FORWARDED) delete req.headers[name];
  // Ours alone: whatever a client sent under this name is replaced.
  req.headers[CLIENT_IP_HEADER] = client;
}
/** A reply written straight to Node's response. */
type RawReply = { status: number; headers: Record<string, string>; body: Buffer | null };
/** What a route answers: a response, a writer of one, or null to hand the request to Astro. */
type Outcome = Response | RawReply | ((res: ServerResponse) => void) | null;

type Route = {
  methods: readonly string[];
  /** The route's parameter when the request is this route's, else null. */
  match: (path: string, req: IncomingMessage) => string | null;
  handle: (param: string, req: IncomingMessage) => Promise<Outcome>;
};

const pageSlug = (path: string) => /^\/p\/([a-z0-9-]{2,60})$/.exec(path)?.[1] ?? null;

/** Visitor traffic answered straight from Node, before Astro's pipeline. */
const routes = (
  db: Db,
  beacons: BeaconWriter,
  onPagesHost: (req: IncomingMessage) => boolean,
): Route[] => [
  {
    // Page views: the render remembered for the live version. A miss (first view after a
    // publish, unknown slug) goes to Astro, which renders and remembers it. A view on the
    // wrong host (PUBLIC_ORIGIN set) goes to Astro too, which redirects it.
    methods: ['GET', 'HEAD'],
    match: (path, req) => (onPagesHost(req) ? pageSlug(path) : null),
    handle: async (slug, req) => {
      const page = await findPublishedPage(db, slug);
      const rendered = page && findRenderedPage(renderKeyFor(page));
      return rendered ? (res) => writeEncoded(req, res, rendered) : null;
    },
  },
  {
    // The tracker's beacons: answered as soon as they are checked, written just after.
    methods: ['POST'],
    match: (path) => (path === '/api/t' ? '' : null),
    handle: (_, req) =>
      receiveBeacon(
        { request: incoming(req), clientAddress: req.socket.remoteAddress ?? '', db },
        (input) => beacons.enqueue(input),
      ),
  },
  {
    // The form script's submissions (Accept: application/json); plain HTML posts go to Astro.
    methods: ['POST'],
    match: (path, req) =>
      req.headers.accept?.includes('application/json') ? pageSlug(path) : null,
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

function answerHealth(req: IncomingMessage, res: ServerResponse, healthy: () => Promise<boolean>) {
  void healthy().then((ok) => {
    const answer = healthAnswer(ok);
    res
      .writeHead(answer.status, answer.headers)
      .end(req.method === 'HEAD' ? undefined : answer.body);
  });
}

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

async function toRaw(response: Response): Promise<RawReply> {
  const headers: Record<string, string> = {};
  response.headers.forEach((value, key) => (headers[key] = value));
  return { status: response.status, headers, body: Buffer.from(await response.arrayBuffer()) };
}

function send(res: ServerResponse, reply: RawReply): void {
  const headers = { ...PUBLIC_HEADERS, ...reply.headers };
  if (reply.body) headers['content-length'] = String(reply.body.length);
  res.writeHead(reply.status, headers).end(reply.body ?? undefined);
}

function fail(res: ServerResponse, path: string, error: unknown): void {
  console.error(
    JSON.stringify({ level: 'error', msg: 'hot path failed', path, error: String(error) }),
  );
  if (!res.headersSent) res.writeHead(500, { 'content-type': 'application/json' });
  res.end(
    JSON.stringify({
      error: { code: 'internal', message: 'Something went wrong on our side. Please try again.' },
    }),
  );
}

/**
 * Wraps Astro's handler: the hot visitor routes are answered here, everything else (and
 * whatever a hot route hands on) by Astro. An unexpected error answers 500 JSON and is
 * logged; it never throws.
 */
export function createHotPath(
  db: Db,
  options: {
    beacons: BeaconWriter;
    trustProxy: boolean;
    astro: Handler;
    /** The build's scripts and styles, compressed in memory (see static-assets.ts). */
    assets?: (path: string) => EncodedResponse | null;
    /** PUBLIC_ORIGIN: published pages are served there only. */
    pagesOrigin?: string | undefined;
    /** The liveness check, answered before anything else (see health.ts). */
    healthy?: () => Promise<boolean>;
  },
): Handler {
  const onPagesHost = (req: IncomingMessage) =>
    !options.pagesOrigin ||
    requestOrigin(incoming(req), options.trustProxy) === options.pagesOrigin;
  const table = routes(db, options.beacons, onPagesHost);
  /** A page view whose live version and render are both known: answered without waiting. */
  const viewFromMemory = (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const slug = onPagesHost(req) && pageSlug(path);
    const page = slug && peekPublishedPage(slug);
    const rendered = page && findRenderedPage(renderKeyFor(page));
    if (!rendered) return false;
    writeEncoded(req, res, rendered);
    return true;
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (refuseUnexpectedMethod(req, res, path)) return;
    if (path === '/healthz' && options.healthy) return answerHealth(req, res, options.healthy);
    resolveClient(req, options.trustProxy);
    const toAstro = () => options.astro(req, res);
    if (viewFromMemory(req, res, path)) return;
    const asset = (req.method === 'GET' || req.method === 'HEAD') && options.assets?.(path);
    if (asset) return writeEncoded(req, res, asset);
    let route: Route | undefined;
    let param: string | null = null;
    for (route of table) {
      param = route.methods.includes(req.method ?? '') ? route.match(path, req) : null;
      if (param !== null) break;
    }
    if (!route || param === null) return toAstro();
    route
      .handle(param, req)
      .then(async (outcome) => {
        if (outcome === null) return toAstro();
        if (typeof outcome === 'function') return outcome(res);
        send(res, outcome instanceof Response ? await toRaw(outcome) : outcome);
      })
      .catch((error: unknown) => fail(res, path, error));
  };
}
