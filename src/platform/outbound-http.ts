import { lookup as systemLookup, promises as dns, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, type LookupFunction } from 'node:net';
import ipaddr, { type IPv6 } from 'ipaddr.js';

/**
 * Requests to addresses our users give us (webhook endpoints), guarded against server-side
 * request forgery: an address inside a private network, the loopback, link-local ranges
 * (cloud metadata at 169.254.169.254 among them) or any other non-public range is refused
 * after DNS resolution, and again on every connection, so a name that resolves to a public
 * address when saved and to 10.0.0.5 when sent is still refused. Redirects are never
 * followed. Self-hosters whose receivers live inside their network allow internal targets.
 */

/**
 * IPv6 forms that carry an IPv4 address, judged as that address: mapped and translated
 * (::ffff:a.b.c.d, ::ffff:0:a.b.c.d), NAT64's well-known prefix (64:ff9b::/96) and 6to4
 * (2002:aabb:ccdd::/48). Each yields the embedded IPv4 address's four bytes.
 */
const EMBEDDING_IPV4: Record<string, (v6: IPv6) => number[]> = {
  ipv4Mapped: (v6) => v6.toByteArray().slice(12),
  rfc6145: (v6) => v6.toByteArray().slice(12),
  rfc6052: (v6) => v6.toByteArray().slice(12),
  '6to4': (v6) => v6.toByteArray().slice(2, 6),
};
/** NAT64's local-use prefix (RFC 8215): the translator is somebody's own network. */
const LOCAL_NAT64 = ipaddr.parseCIDR('64:ff9b:1::/48');
/** Global unicast (RFC 4291): every public IPv6 address is in 2000::/3. */
const GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/**
 * Whether `address` (an IP literal) is outside the public internet. Ranges come from
 * ipaddr.js, which keeps IANA's special-purpose registries: an IPv4 address must be plain
 * unicast, an IPv6 one global unicast (no loopback, unique-local, site-local, link-local,
 * documentation, Teredo, ORCHID… nor IPv4-compatible ::a.b.c.d), and an IPv6 address that
 * embeds an IPv4 address is judged by the one it embeds.
 */
export function isNonPublicAddress(address: string): boolean {
  if (isIP(address) === 0) return true;
  const ip = ipaddr.parse(address);
  if (ip.kind() === 'ipv4') return ip.range() !== 'unicast';
  const v6 = ip as IPv6;
  if (v6.match(LOCAL_NAT64)) return true;
  const embedded = EMBEDDING_IPV4[v6.range()];
  if (embedded) return isNonPublicAddress(embedded(v6).join('.'));
  return v6.range() !== 'unicast' || !v6.match(GLOBAL_UNICAST);
}

export class TargetRefused extends Error {}

/** How a self-hoster lets webhooks reach receivers inside their own network. */
export const ALLOW_INTERNAL_HINT =
  'A receiver inside your own network can be allowed by whoever runs this server, with WEBHOOKS_ALLOW_INTERNAL=1.';

/** Network failures in words a marketer can act on, by Node's error code. */
const NETWORK_ERRORS: Record<string, (host: string) => string> = {
  ENOTFOUND: (host) => `${host} could not be found: check the address for a typo.`,
  EAI_AGAIN: (host) => `${host} could not be looked up just now (DNS did not answer).`,
  ECONNREFUSED: (host) => `${host} refused the connection: is the receiver running?`,
  ECONNRESET: (host) => `${host} closed the connection before answering.`,
  ETIMEDOUT: (host) => `${host} did not answer in time.`,
  EHOSTUNREACH: (host) => `${host} cannot be reached from here.`,
  ENETUNREACH: (host) => `${host} cannot be reached from here.`,
  CERT_HAS_EXPIRED: (host) => `${host}'s certificate has expired.`,
  DEPTH_ZERO_SELF_SIGNED_CERT: (host) =>
    `${host}'s certificate is self-signed, so it cannot be trusted.`,
  SELF_SIGNED_CERT_IN_CHAIN: (host) =>
    `${host}'s certificate is self-signed, so it cannot be trusted.`,
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: (host) => `${host}'s certificate cannot be verified.`,
  ERR_TLS_CERT_ALTNAME_INVALID: (host) => `${host}'s certificate is for another name.`,
};

/** A failed request's reason as people read it, never a raw resolver or socket message. */
export function describeNetworkError(error: unknown, host: string): string {
  if (error instanceof TargetRefused) return error.message;
  const code = (error as { code?: unknown } | null)?.code;
  const known = typeof code === 'string' ? NETWORK_ERRORS[code] : undefined;
  if (known) return known(host);
  const message = error instanceof Error ? error.message : '';
  return /^No answer within/.test(message)
    ? `${host}: ${message.toLowerCase()}.`
    : `${host} could not be reached.`;
}

export type OutboundOptions = {
  /** Let requests reach private and loopback addresses (self-hosted receivers). */
  allowInternal: boolean;
  /** DNS servers to resolve with (host:port, …) instead of the system's resolver. */
  dnsServers?: string[];
};

type Resolve = (hostname: string) => Promise<LookupAddress[]>;

function resolverFor(options: OutboundOptions): Resolve {
  if (!options.dnsServers?.length)
    return (hostname) =>
      new Promise((resolve, reject) =>
        systemLookup(hostname, { all: true }, (error, addresses) =>
          error ? reject(error) : resolve(addresses),
        ),
      );
  const resolver = new dns.Resolver({ timeout: 3_000, tries: 2 });
  resolver.setServers(options.dnsServers);
  const settle = (p: Promise<string[]>) => p.catch(() => [] as string[]);
  return async (hostname) => {
    const [v4, v6] = await Promise.all([
      settle(resolver.resolve4(hostname)),
      settle(resolver.resolve6(hostname)),
    ]);
    const found = [
      ...v4.map((address) => ({ address, family: 4 })),
      ...v6.map((address) => ({ address, family: 6 })),
    ];
    if (!found.length)
      throw Object.assign(new Error(`${hostname} does not resolve`), { code: 'ENOTFOUND' });
    return found;
  };
}

/** The addresses `hostname` resolves to, refused when any is non-public (unless allowed). */
export async function resolvePublic(
  hostname: string,
  options: OutboundOptions,
): Promise<LookupAddress[]> {
  const bare = hostname.replace(/^\[|\]$/g, '');
  const addresses = isIP(bare)
    ? [{ address: bare, family: isIP(bare) }]
    : await resolverFor(options)(bare);
  const inside = addresses.find((a) => isNonPublicAddress(a.address));
  if (inside && !options.allowInternal)
    throw new TargetRefused(
      `${bare} is ${inside.address === bare ? '' : `at ${inside.address}, `}an address inside a private network; only public addresses receive webhooks. ${ALLOW_INTERNAL_HINT}`,
    );
  return addresses;
}

/** A lookup for http.request that checks what it resolves as the socket connects. */
function guardedLookup(options: OutboundOptions): LookupFunction {
  return (hostname, lookupOptions, callback) => {
    resolvePublic(hostname, options).then(
      (addresses) => {
        if (lookupOptions.all) callback(null, addresses);
        else callback(null, addresses[0]!.address, addresses[0]!.family);
      },
      (error: Error) => callback(error as NodeJS.ErrnoException, ''),
    );
  };
}

export type OutboundAnswer = { status: number; bodyStart: string; durationMs: number };

/**
 * POSTs `body` to `url` with `headers`: a new connection each time (nothing pooled across
 * endpoints), the answer's status and its first `keepBytes` bytes, `timeoutMs` for all of
 * it. A redirect is an answer like any other, never followed. Network failures throw.
 */
export async function postOutbound(
  url: string,
  headers: Record<string, string>,
  body: string,
  options: OutboundOptions & { timeoutMs: number; keepBytes?: number },
): Promise<OutboundAnswer> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && target.protocol !== 'http:')
    throw new TargetRefused('Only http and https addresses receive webhooks.');
  // An IP literal is connected to without a lookup: judge it here.
  await resolvePublic(target.hostname, options);
  const started = performance.now();
  const keep = options.keepBytes ?? 1024;
  const send = target.protocol === 'https:' ? https.request : http.request;
  return new Promise<OutboundAnswer>((resolve, reject) => {
    const request = send(
      target,
      {
        method: 'POST',
        headers: { ...headers, 'content-length': Buffer.byteLength(body) },
        agent: false,
        lookup: guardedLookup(options),
      },
      (response) => {
        const chunks: Buffer[] = [];
        let kept = 0;
        response.on('data', (chunk: Buffer) => {
          if (kept < keep) chunks.push(chunk.subarray(0, keep - kept));
          kept += chunk.length;
          if (kept >= keep) response.destroy();
        });
        const done = () =>
          resolve({
            status: response.statusCode ?? 0,
            bodyStart: Buffer.concat(chunks).toString('utf8'),
            durationMs: Math.round(performance.now() - started),
          });
        response.on('end', done);
        response.on('close', done);
        response.on('error', done);
      },
    );
    const timer = setTimeout(
      () => request.destroy(new Error(`No answer within ${options.timeoutMs / 1000} s`)),
      options.timeoutMs,
    );
    request.on('error', (error) => reject(error));
    request.on('close', () => clearTimeout(timer));
    request.end(body);
  });
}

/**
 * The guarded requests as the domain is handed them (its OutboundPoster): bound to the
 * server's options once, in the composition root.
 */
export function outboundPoster(options: OutboundOptions) {
  return {
    allowsInternal: options.allowInternal,
    internalHint: ALLOW_INTERNAL_HINT,
    refusal: (hostname: string): Promise<string | null> =>
      resolvePublic(hostname, options).then(
        () => null,
        (error: unknown) => describeNetworkError(error, hostname),
      ),
    post: (
      url: string,
      headers: Record<string, string>,
      body: string,
      request: { timeoutMs: number; keepBytes?: number },
    ) => postOutbound(url, headers, body, { ...options, ...request }),
    explain: (error: unknown, hostname: string) => ({
      message: describeNetworkError(error, hostname),
      // A refused target stays refused; the network may answer next time.
      retry: !(error instanceof TargetRefused),
    }),
  };
}
