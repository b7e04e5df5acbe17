import { afterAll, describe, expect, it } from 'vitest';
import {
  HashBusy,
  PRODUCTION_HASH_COST,
  SCRYPT_PARAMS,
  hashPassword,
  inTurn,
  setPasswordHashCost,
  verifyPassword,
} from '../../src/domain/auth/password';
import { loadConfig } from '../../src/app/config';
import { TEST_HASH_COST } from '../helpers/hash-cost';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });

  afterAll(() => setPasswordHashCost(TEST_HASH_COST));

  it('uses scrypt with the OWASP parameters and a random salt', async () => {
    setPasswordHashCost(PRODUCTION_HASH_COST);
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    setPasswordHashCost(TEST_HASH_COST);
    expect(a).not.toBe(b);
    const [scheme, n, r, p, salt, key] = a.split('$');
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT_PARAMS.N, 8, 1]);
    expect(SCRYPT_PARAMS.N).toBe(2 ** 17);
    // A hash carries its parameters: made at production's cost, it verifies at any other.
    expect(await verifyPassword(a, 'same password')).toBe(true);
    expect((await hashPassword('same password')).split('$')[1]).toBe(String(2 ** TEST_HASH_COST));
    expect(Buffer.from(salt!, 'base64url')).toHaveLength(16);
    expect(Buffer.from(key!, 'base64url')).toHaveLength(32);
  });

  it('treats visually identical Unicode passwords alike (NFKC)', async () => {
    const hash = await hashPassword('caf\u00e9-password');
    expect(await verifyPassword(hash, 'cafe\u0301-password')).toBe(true);
  });

  it('refuses malformed or tampered hashes without throwing', async () => {
    const hash = await hashPassword('a long password');
    expect(await verifyPassword('plain-text', 'a long password')).toBe(false);
    expect(await verifyPassword(hash.replace('scrypt', 'md5'), 'a long password')).toBe(false);
    const parts = hash.split('$');
    parts[5] = Buffer.alloc(32).toString('base64url');
    expect(await verifyPassword(parts.join('$'), 'a long password')).toBe(false);
  });
});

describe('the hashing queue', () => {
  /** A job that runs until it is let go, recording when it started. */
  const held = (order: string[], name: string) => {
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    return { job: () => (order.push(name), done), release };
  };

  it('checks a member’s password before the sign-ups waiting, and refuses past its bound', async () => {
    const order: string[] = [];
    const first = held(order, 'running');
    const running = inTurn('hash', first.job);
    // A flood of sign-ups: four wait, the fifth is refused at once.
    const signups = [1, 2, 3, 4].map((i) =>
      inTurn('hash', async () => void order.push(`signup ${i}`)),
    );
    await expect(inTurn('hash', async () => order.push('signup 5'))).rejects.toBeInstanceOf(
      HashBusy,
    );
    // A member signing in arrives last and goes first.
    const signIn = inTurn('verify', async () => void order.push('sign-in'));
    first.release();
    await Promise.all([running, signIn, ...signups]);
    expect(order).toEqual(['running', 'sign-in', 'signup 1', 'signup 2', 'signup 3', 'signup 4']);
    // Drained: the slot is free again, and the next job runs at once.
    await expect(inTurn('hash', async () => 'free')).resolves.toBe('free');
  });

  it('says how long to wait when it refuses', async () => {
    const busy = new HashBusy();
    expect(busy.retryAfterSeconds).toBeGreaterThan(0);
    expect(busy.message).toMatch(/try again/);
  });

  it('hands the slot on when a job fails', async () => {
    await expect(inTurn('hash', async () => Promise.reject(new Error('boom')))).rejects.toThrow(
      'boom',
    );
    await expect(inTurn('verify', async () => 'next')).resolves.toBe('next');
  });
});

describe('the password-hash cost in config', () => {
  it("is production's unless set, and refuses a weaker one outside tests", () => {
    expect(loadConfig({}).PASSWORD_HASH_COST).toBe(PRODUCTION_HASH_COST);
    expect(loadConfig({ PASSWORD_HASH_COST: '18' }).PASSWORD_HASH_COST).toBe(18);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '12' })).toThrow(
      /PASSWORD_HASH_COST: below 17 only in tests/,
    );
    expect(() => loadConfig({ PASSWORD_HASH_COST: '12', NODE_ENV: 'production' })).toThrow(
      /PASSWORD_HASH_COST/,
    );
    expect(loadConfig({ PASSWORD_HASH_COST: '12', NODE_ENV: 'test' }).PASSWORD_HASH_COST).toBe(12);
    expect(() => loadConfig({ PASSWORD_HASH_COST: '9', NODE_ENV: 'test' })).toThrow();
  });
});
