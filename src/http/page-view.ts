import type { IncomingMessage, ServerResponse } from 'node:http';
import type { PublishedPage } from '../domain/landing-pages/live-pages';
import { setBounded } from '../shared/bounded-map';
import type { EncodedResponse, Encoding } from './encoded-response';
import type { RenderKey } from './render-cache';
import type { ExposureWriter } from './exposure-writer';
import { TESTED_PAGE_HEADERS, variantAsk, type VariantView } from './variant-choice';

/** The best encoding the client accepts (a `q=0` refuses one). */
export function pickEncoding(acceptEncoding: string | undefined): Encoding {
  if (!acceptEncoding) return 'identity';
  const accepted = new Set<string>();
  for (const part of acceptEncoding.split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const refused = params.some((p) => /^\s*q=0(\.0*)?\s*$/.test(p));
    if (name && !refused) accepted.add(name);
  }
  if (accepted.has('br')) return 'br';
  if (accepted.has('gzip') || accepted.has('*')) return 'gzip';
  return 'identity';
}

/** Browsers send a handful of distinct Accept-Encoding values: each is parsed once. */
const encodings = new Map<string, Encoding>();
const encodingFor = (header: string | undefined): Encoding =>
  header === undefined
    ? 'identity'
    : (encodings.get(header) ?? setBounded(encodings, header, pickEncoding(header), 100));

export const renderKeyFor = (page: PublishedPage): RenderKey => ({
  versionId: page.versionId,
  tracking: page.tracking,
  legal: `${page.legal.privacy} ${page.legal.terms}`,
});

/* A returning visitor of a tested page gets the same private headers every time: merged once
   per prepared response, not per view. */
const privately = new WeakMap<Record<string, string>, Record<string, string>>();
function withExtra(headers: Record<string, string>, extra: Record<string, string>) {
  if (extra !== TESTED_PAGE_HEADERS) return { ...headers, ...extra };
  let merged = privately.get(headers);
  if (!merged) privately.set(headers, (merged = { ...headers, ...extra }));
  return merged;
}

/** Writes a response prepared once (a page view, an asset): 304 for a fresh ETag, else the bytes. */
export function writeEncoded(
  req: IncomingMessage,
  res: ServerResponse,
  rendered: EncodedResponse,
  /** A page under test: its private caching and, for a new visitor, their cookie. */
  extra?: Record<string, string>,
): void {
  const ifNoneMatch = req.headers['if-none-match'];
  if (ifNoneMatch && ifNoneMatch.split(/\s*,\s*/).includes(rendered.etag)) {
    res.writeHead(304, extra ? withExtra(rendered.notModified, extra) : rendered.notModified).end();
    return;
  }
  const { body, headers } = rendered.encodings[encodingFor(req.headers['accept-encoding'])];
  // Node sends no body for HEAD but keeps the length.
  res.writeHead(200, extra ? withExtra(headers, extra) : headers).end(body);
}

/**
 * The headers a view of this variant is sent with, and the first view counted: only pages
 * under test get any (pages not under test stay cookie-free and publicly cacheable).
 */
export function viewHeaders(view: VariantView, exposures: ExposureWriter) {
  if (!view.tested) return undefined;
  if (view.exposure) exposures.enqueue(view.exposure);
  return view.setCookie
    ? { ...TESTED_PAGE_HEADERS, 'set-cookie': view.setCookie }
    : TESTED_PAGE_HEADERS;
}

/** What a page request says that picks its variant. */
export const variantAskOf = (req: IncomingMessage, now: number) =>
  variantAsk((name) => {
    const value = req.headers[name];
    return Array.isArray(value) ? value.join('; ') : value;
  }, now);
