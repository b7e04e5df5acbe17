import { describe, expect, it } from 'vitest';
import { SCRYPT_PARAMS, hashPassword, verifyPassword } from '../../src/domain/auth/password';

describe('password hashing', () => {
  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse battery');
    expect(await verifyPassword(hash, 'correct horse battery')).toBe(true);
    expect(await verifyPassword(hash, 'correct horse batterY')).toBe(false);
  });

  it('uses scrypt with the OWASP parameters and a random salt', async () => {
    const [a, b] = await Promise.all([
      hashPassword('same password'),
      hashPassword('same password'),
    ]);
    expect(a).not.toBe(b);
    const [scheme, n, r, p, salt, key] = a.split('$');
    expect([scheme, Number(n), Number(r), Number(p)]).toEqual(['scrypt', SCRYPT_PARAMS.N, 8, 1]);
    expect(SCRYPT_PARAMS.N).toBe(2 ** 17);
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
