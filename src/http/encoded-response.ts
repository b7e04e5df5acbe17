import { createHash } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

export type Encoding = 'br' | 'gzip' | 'identity';

/** One encoding of a body, with every response header already worked out. */
export type EncodedBody = { body: Buffer; headers: Record<string, string> };

/** A response prepared once for every later request: each encoding, and its validator. */
export type EncodedResponse = {
  etag: string;
  encodings: Record<Encoding, EncodedBody>;
  notModified: Record<string, string>;
};

function compress(identity: Buffer): Record<Encoding, Buffer> {
  return {
    identity,
    gzip: gzipSync(identity, { level: 9 }),
    br: brotliCompressSync(identity, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: identity.length,
      },
    }),
  };
}

/**
 * Compresses a body once (brotli at its best quality, gzip at 9: paid once, not per
 * request) and works out the headers of each encoding, so that serving it only picks a
 * buffer and writes it.
 */
export function encodeOnce(
  identity: Buffer,
  headers: Record<string, string>,
  options: { compress: boolean } = { compress: true },
): EncodedResponse {
  // Images and PDFs are compressed already: every encoding is the same bytes.
  const bodies = options.compress ? compress(identity) : { identity, gzip: identity, br: identity };
  const etag = `"${createHash('sha256').update(identity).digest('base64url').slice(0, 27)}"`;
  const common = { ...headers, etag, vary: 'Accept-Encoding' };
  const encoded = (encoding: Encoding): EncodedBody => ({
    body: bodies[encoding],
    headers: {
      ...common,
      ...(encoding === 'identity' || !options.compress ? {} : { 'content-encoding': encoding }),
      'content-length': String(bodies[encoding].length),
    },
  });
  return {
    etag,
    encodings: { identity: encoded('identity'), gzip: encoded('gzip'), br: encoded('br') },
    notModified: common,
  };
}
