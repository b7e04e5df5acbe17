import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Services } from '../app/services';
import { receiveBeacon } from './beacon';
import type { IncomingRequest } from './body';
import { CLIENT_IP_HEADER, forwardedClient } from './caller-address';
import { requestOrigin } from './request-origin';
import type { EncodedResponse } from './encoded-response';
import { PUBLIC_HEADERS } from './security-headers';
import { receiveSubmission, submissionJson } from './submission';
import { healthAnswer } from './health';
import { refuseUnexpectedMethod } from './method-guard';
import { renderKeyFor, variantAskOf, viewHeaders, writeEncoded } from './page-view';
import { chooseVariant } from './variant-choice';
import type { PublishedPage } from '../domain/landing-pages/live-pages';

type Handler = (req: IncomingMessage, res: ServerResponse) => void;
/** The node adapter's handler in middleware mode: `locals` reach every route as Astro.locals. */
export type AstroHandler = (
  req: IncomingMessage,
  res: ServerResponse,
  next: undefined,
  locals: Partial<App.Locals>,
) => Promise<void>;
const FORWARDED = ['x-forwarded-for', 'x-forwarded-proto', 'x-forwarded-host', 'x-forwarded-port'];
/** What our proxy says of the request; each keeps only the hop the proxy itself wrote. */
const FROM_PROXY = ['x-forwarded-proto', 'x-forwarded-host'] as const;

/**
 * The trust boundary for proxy headers, drawn once for every route: without TRUST_PROXY
 * they are the client's own words and are dropped (Astro would believe them); with it, the
 * client's address is the hop our proxy appended, never an entry the client wrote, and so
 * are the scheme and host (the last value: a proxy that appends rather than sets still
 * writes last). The port is never taken: the host carries it.
 */
function resolveClient(req: IncomingMessage, trustProxy: boolean): void {
  const socket = req.socket.remoteAddress ?? '';
  const xff = req.headers['x-forwarded-for'];
  const client = trustProxy
    ? (forwardedClient(Array.isArray(xff) ? xff.join(',') : xff) ?? socket)
    : socket;
  if (!trustProxy) for (const name of FORWARDED) delete req.headers[name];
  else {
    delete req.headers['x-forwarded-port'];
    for (const name of FROM_PROXY) {
      const value = req.headers[name];
      const last = (Array.isArray(value) ? value.join(',') : value)?.split(',').at(-1)?.trim();
      if (last) req.headers[name] = last;
      else delete req.headers[name];
    }
  }
  // Ours alone: whatever a client sent under this name is replaced.
  req.headers[CLIENT_IP_HEADER] = client;
}
/** A reply written straight to Node's response. */
type RawReply = { status: number; headers: Record<string, string>; body: Buffer | null };
/** What a route answers: a response, a writer of one, or null to hand the request to Astro. */
type Outcome = Response | RawReply | ((res: ServerResponse) => void) | null;

/**
 * A page view answered from the render remembered for the version this visitor sees (the
 * variant assigned to them, on a page under test); null when that render is not yet made.
 */
function serveFromMemory(
  services: Services,
  req: IncomingMessage,
  page: PublishedPage,
  now: number,
): ((res: ServerResponse) => void) | null {
  const view = chooseVariant(page, variantAskOf(req, now));
  const rendered = services.renders.find(renderKeyFor(view.page));
  if (!rendered) return null;
  return (res) => writeEncoded(req, res, rendered, viewHeaders(view, services.exposures));
}

type Route = {
  methods: readonly string[];
  /** The route's parameter when the request is this route's, else null. */
  match: (path: string, req: IncomingMessage) => string | null;
  handle: (param: string, req: IncomingMessage) => Promise<Outcome>;
};

const pageSlug = (path: string) => /^\/p\/([a-z0-9-]{2,60})$/.exec(path)?.[1] ?? null;

/** Visitor traffic answered straight from Node, before Astro's pipeline. */
const routes = (services: Services, onPagesHost: (req: IncomingMessage) => boolean): Route[] => [
  {
    // Page views: the render remembered for the live version. A miss (first view after a
    // publish, unknown slug) goes to Astro, which renders and remembers it. A view on the
    // wrong host (PUBLIC_ORIGIN set) goes to Astro too, which redirects it.
    methods: ['GET', 'HEAD'],
    match: (path, req) => (onPagesHost(req) ? pageSlug(path) : null),
    handle: async (slug, req) => {
      const now = services.clock.now();
      const page = await services.livePages.find(slug, now);
      return page && serveFromMemory(services, req, page, now);
    },
  },
  {
    // The tracker's beacons: answered as soon as they are checked, written just after.
    methods: ['POST'],
    match: (path) => (path === '/api/t' ? '' : null),
    handle: (_, req) =>
      receiveBeacon({
        request: incoming(req),
        clientAddress: req.socket.remoteAddress ?? '',
        services,
      }),
  },
  {
    // The form script's submissions (Accept: application/json); plain HTML posts go to Astro.
    methods: ['POST'],
    match: (path, req) =>
      req.headers.accept?.includes('application/json') ? pageSlug(path) : null,
    handle: async (slug, req) => {
      const page = await services.livePages.find(slug, services.clock.now());
      if (!page)
        return Response.json(
          { error: { code: 'not_found', message: 'This page is not published.' } },
          { status: 404 },
        );
      const from = {
        request: incoming(req),
        clientAddress: req.socket.remoteAddress ?? '',
        services,
      };
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

/**
 * A path that still holds escapes once decoded (%2524, %25%24) names nothing here; Astro
 * would refuse it with its own bare 404 and an error in the log. It is not found: the
 * REST API says so in its error shape, everything else shows the public 404 page.
 */
function encodedTwice(path: string): boolean {
  const decoded = decodeURI(path);
  return decoded !== path && /%[0-9a-f]{2}/i.test(decoded);
}
const API_NOT_FOUND: RawReply = {
  status: 404,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: Buffer.from(
    JSON.stringify({
      error: {
        code: 'not_found',
        message: 'There is no such address in /api/v1. See /api/v1/openapi.json.',
      },
    }),
  ),
};
/** Any address no route answers: Astro's catch-all renders the public 404 for it. */
const NOT_FOUND_PATH = '/.not-found';

/** An address with a broken percent-escape names nothing: 400, before any route reads it. */
function decodable(url: string): boolean {
  try {
    decodeURI(url);
    return true;
  } catch {
    return false;
  }
}
const BAD_ADDRESS: RawReply = {
  status: 400,
  headers: { 'content-type': 'application/json; charset=utf-8' },
  body: Buffer.from(
    JSON.stringify({
      error: { code: 'bad_request', message: 'The address is not valid (a broken % escape).' },
    }),
  ),
};

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
  services: Services,
  options: {
    /** Astro's handler, given the services as `locals`. */
    astro: AstroHandler;
    /** The build's files (scripts and styles compressed in memory; see static-files.ts). */
    files?: (path: string) => EncodedResponse | null;
  },
): Handler {
  const { config } = services;
  const trustProxy = config.TRUST_PROXY;
  const onPagesHost = (req: IncomingMessage) =>
    !config.PUBLIC_ORIGIN || requestOrigin(incoming(req), trustProxy) === config.PUBLIC_ORIGIN;
  const table = routes(services, onPagesHost);
  const locals = { services };
  /** A page view whose live version and render are both known: answered without waiting. */
  const viewFromMemory = (req: IncomingMessage, res: ServerResponse, path: string) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    const now = services.clock.now();
    const slug = onPagesHost(req) && pageSlug(path);
    const page = slug && services.livePages.peek(slug, now);
    const write = page && serveFromMemory(services, req, page, now);
    if (!write) return false;
    write(res);
    return true;
  };
  return (req, res) => {
    const path = (req.url ?? '/').split('?')[0]!;
    if (refuseUnexpectedMethod(req, res, path)) return;
    if (!decodable(req.url ?? '/')) return send(res, BAD_ADDRESS);
    if (encodedTwice(path)) {
      if (/^\/api\/v1(\/|$)/.test(path)) return send(res, API_NOT_FOUND);
      req.url = NOT_FOUND_PATH;
    }
    if (path === '/healthz') return answerHealth(req, res, services.healthy);
    resolveClient(req, trustProxy);
    const toAstro = () => void options.astro(req, res, undefined, { ...locals });
    if (viewFromMemory(req, res, path)) return;
    const asset = (req.method === 'GET' || req.method === 'HEAD') && options.files?.(path);
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
