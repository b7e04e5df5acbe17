import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** OWASP Password Storage Cheat Sheet: scrypt with N=2^17, r=8, p=1. */
export const PRODUCTION_HASH_COST = 17;
export const SCRYPT_PARAMS = { N: 2 ** PRODUCTION_HASH_COST, r: 8, p: 1 } as const;

/**
 * The cost new hashes are made with (log2 of N), from config (PASSWORD_HASH_COST, which
 * refuses less than production's outside tests): set once per process by the composition
 * root. A hash carries its own parameters, so one made at any cost still verifies.
 */
let hashParams: { N: number; r: number; p: number } = SCRYPT_PARAMS;
export function setPasswordHashCost(log2N: number): void {
  hashParams = { ...SCRYPT_PARAMS, N: 2 ** log2N };
  decoy = undefined;
}
const KEY_LENGTH = 32;
export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 256;

/**
 * Hashes run one at a time in this process: each takes 128 MiB and a core for ~100 ms, and
 * 48 at once (a sign-up flood) took the machine from every other request. This bounds this
 * process's own CPU, so it rightly lives in its memory. Waiting is bounded too, in two
 * lanes: checking a password (a member signing in) goes before making a hash (a sign-up, a
 * new password), so a flood of sign-ups cannot keep a member out; past the limit a request
 * is refused at once with HashBusy (503, Retry-After) instead of queueing without end.
 */
export type HashLane = 'verify' | 'hash';
const MAX_WAITING: Record<HashLane, number> = { verify: 32, hash: 4 };
/** What a refused caller is told to wait: about the queue's time to drain. */
const RETRY_AFTER_SECONDS = 2;

export class HashBusy extends Error {
  readonly retryAfterSeconds = RETRY_AFTER_SECONDS;
  constructor() {
    super('Too many password checks at once. Please try again in a moment.');
  }
}

let busy = false;
const waiting: Record<HashLane, (() => void)[]> = { verify: [], hash: [] };

/** Runs `job` when the hashing slot is free: verifications first, then new hashes. */
export async function inTurn<T>(lane: HashLane, job: () => Promise<T>): Promise<T> {
  if (busy) {
    if (waiting[lane].length >= MAX_WAITING[lane]) throw new HashBusy();
    // The slot is handed over by whoever finishes, never left free in between.
    await new Promise<void>((r) => waiting[lane].push(r));
  }
  busy = true;
  try {
    return await job();
  } finally {
    const next = waiting.verify.shift() ?? waiting.hash.shift();
    if (next) next();
    else busy = false;
  }
}

function scrypt(
  lane: HashLane,
  password: string,
  salt: Buffer,
  params: { N: number; r: number; p: number },
) {
  // 128 * N * r bytes are needed; Node's default 32 MiB ceiling is too low for N=2^17.
  const options: ScryptOptions = { ...params, maxmem: 256 * params.N * params.r };
  return inTurn(
    lane,
    () =>
      new Promise<Buffer>((resolve, reject) =>
        scryptCb(password.normalize('NFKC'), salt, KEY_LENGTH, options, (err, key) =>
          err ? reject(err) : resolve(key),
        ),
      ),
  );
}

/** Returns a self-describing string: `scrypt$N$r$p$salt$hash` (base64url parts). */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const { N, r, p } = hashParams;
  const key = await scrypt('hash', password, salt, hashParams);
  return ['scrypt', N, r, p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger)) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await scrypt('verify', password, Buffer.from(salt, 'base64url'), params);
  return expected.length === actual.length && timingSafeEqual(expected, actual);
}

/** A hash to verify against when the account does not exist, so timing reveals nothing. */
let decoy: Promise<string> | undefined;
export const decoyHash = (): Promise<string> => (decoy ??= hashPassword('decoy-password'));
