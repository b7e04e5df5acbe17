import { lookup as systemLookup, promises as dns, type LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { BlockList, isIP, type LookupFunction } from 'node:net';

/**
 * Requests to addresses our users give us (webhook endpoints), guarded against server-side
 * request forgery: an address inside a private network, the loopback, link-local ranges
 * (cloud metadata at 169.254.169.254 among them) or any other non-public range is refused
 * after DNS resolution, and again on every connection, so a name that resolves to a public
 * address when saved and to 10.0.0.5 when sent is still refused. Redirects are never
 * followed. Self-hosters whose receivers live inside their network allow internal targets.
 */

const NON_PUBLIC: [string, number, 'ipv4' | 'ipv6'][] = [
  ['0.0.0.0', 8, 'ipv4'], // "this network"
  ['10.0.0.0', 8, 'ipv4'],
  ['100.64.0.0', 10, 'ipv4'], // carrier-grade NAT (and Alibaba's metadata at 100.100.100.200)
  ['127.0.0.0', 8, 'ipv4'],
  ['169.254.0.0', 16, 'ipv4'], // link-local: AWS, GCP and Azure metadata
  ['172.16.0.0', 12, 'ipv4'],
  ['192.0.0.0', 24, 'ipv4'],
  ['192.0.2.0', 24, 'ipv4'],
  ['192.88.99.0', 24, 'ipv4'],
  ['192.168.0.0', 16, 'ipv4'],
  ['198.18.0.0', 15, 'ipv4'],
  ['198.51.100.0', 24, 'ipv4'],
  ['203.0.113.0', 24, 'ipv4'],
  ['224.0.0.0', 4, 'ipv4'], // multicast
  ['240.0.0.0', 4, 'ipv4'], // reserved, and the broadcast address
  ['::', 128, 'ipv6'],
  ['::1', 128, 'ipv6'],
  ['64:ff9b::', 96, 'ipv6'], // NAT64 to IPv4, whose target is checked as IPv4
  ['100::', 64, 'ipv6'],
  ['2001:db8::', 32, 'ipv6'],
  ['fc00::', 7, 'ipv6'], // unique local (and AWS's metadata at fd00:ec2::254)
  ['fe80::', 10, 'ipv6'],
  ['ff00::', 8, 'ipv6'],
];
const blocked = new BlockList();
for (const [network, prefix, family] of NON_PUBLIC) blocked.addSubnet(network, prefix, family);

/** Whether `address` (an IP literal) is outside the public internet. */
export function isNonPublicAddress(address: string): boolean {
  const family = isIP(address);
  if (family === 0) return true;
  // IPv4 written inside IPv6 (::ffff:10.0.0.1): judged as the IPv4 address it is.
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return blocked.check(mapped[1]!, 'ipv4');
  return blocked.check(address, family === 4 ? 'ipv4' : 'ipv6');
}

export class TargetRefused extends Error {}

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
    if (!found.length) throw new Error(`${hostname} does not resolve`);
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
      `${bare} is ${inside.address === bare ? '' : `at ${inside.address}, `}an address inside a private network; only public addresses receive webhooks.`,
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
