import { describe, expect, it } from 'vitest';
import {
  authenticate,
  changePassword,
  createOwnerAccount,
  needsOwnerSetup,
  signUp,
} from '../../src/domain/auth/accounts';
import {
  createSession,
  invalidateUserSessions,
  validateSessionToken,
} from '../../src/domain/auth/sessions';
import { SESSION_IDLE_MS } from '../../src/domain/auth/session-token';
import { ACCOUNT_POLICY, recordFailure, throttleWait } from '../../src/domain/auth/throttle';
import { testDb } from '../helpers/db';

const owner = {
  name: 'Olivia',
  email: 'olivia@example.com',
  password: 'correct-horse-1',
  workspaceName: 'Acme',
};
const NOW = 1_750_000_000_000;

describe('accounts (real database)', () => {
  it('creates the owner exactly once, even when two set-ups race', async () => {
    const db = await testDb();
    expect(await needsOwnerSetup(db)).toBe(true);
    const [a, b] = await Promise.all([
      createOwnerAccount(db, owner, NOW),
      createOwnerAccount(db, { ...owner, email: 'mallory@example.com' }, NOW),
    ]);
    expect([a.ok, b.ok].filter(Boolean)).toHaveLength(1);
    expect(await needsOwnerSetup(db)).toBe(false);
    const users = await db.selectFrom('users').select(['email', 'is_instance_owner']).execute();
    expect(users).toHaveLength(1);
    expect(users[0]!.is_instance_owner).toBe(1);
  });

  it('gives each signed-up marketer a workspace of their own and refuses a taken email', async () => {
    const db = await testDb();
    const first = await createOwnerAccount(db, owner, NOW);
    const second = await signUp(
      db,
      { ...owner, email: 'sam@example.com', workspaceName: 'Sam Co' },
      NOW,
    );
    expect(first.ok && second.ok).toBe(true);
    if (first.ok && second.ok) expect(second.value.workspaceId).not.toBe(first.value.workspaceId);
    const again = await signUp(db, { ...owner, workspaceName: 'Dup' }, NOW);
    expect(again.ok).toBe(false);
    if (!again.ok) expect(again.code).toBe('email_taken');
  });

  it('authenticates with the right password only', async () => {
    const db = await testDb();
    await createOwnerAccount(db, owner, NOW);
    expect(await authenticate(db, owner.email, owner.password)).not.toBeNull();
    expect(await authenticate(db, owner.email, 'wrong-password')).toBeNull();
    expect(await authenticate(db, 'nobody@example.com', owner.password)).toBeNull();
  });

  it('changing the password ends every other session', async () => {
    const db = await testDb();
    const created = await createOwnerAccount(db, owner, NOW);
    if (!created.ok) throw new Error('setup failed');
    const here = await createSession(db, { ...created.value, userAgent: 'a', now: NOW });
    const elsewhere = await createSession(db, { ...created.value, userAgent: 'b', now: NOW });
    const changed = await changePassword(db, {
      userId: created.value.userId,
      currentPassword: owner.password,
      newPassword: 'another-long-password',
      keepSessionId: here.sessionId,
      now: NOW,
    });
    expect(changed.ok).toBe(true);
    expect(await validateSessionToken(db, here.token, NOW)).not.toBeNull();
    expect(await validateSessionToken(db, elsewhere.token, NOW)).toBeNull();
    expect(await authenticate(db, owner.email, 'another-long-password')).not.toBeNull();
  });
});

describe('sessions (real database)', () => {
  it('resolves a token to its user, workspace and role; stores only the hash', async () => {
    const db = await testDb();
    const created = await createOwnerAccount(db, owner, NOW);
    if (!created.ok) throw new Error('setup failed');
    const { token } = await createSession(db, { ...created.value, userAgent: 'test', now: NOW });
    const ctx = await validateSessionToken(db, token, NOW + 1000);
    expect(ctx).toMatchObject({
      user: { email: owner.email, isInstanceOwner: true },
      workspace: { name: 'Acme' },
      role: 'owner',
    });
    const stored = await db.selectFrom('sessions').select('id').execute();
    expect(stored.map((s) => s.id)).not.toContain(token);
  });

  it('expires idle sessions and deletes them, and revokes all of a user', async () => {
    const db = await testDb();
    const created = await createOwnerAccount(db, owner, NOW);
    if (!created.ok) throw new Error('setup failed');
    const idle = await createSession(db, { ...created.value, userAgent: '', now: NOW });
    expect(await validateSessionToken(db, idle.token, NOW + SESSION_IDLE_MS + 1)).toBeNull();
    expect(await db.selectFrom('sessions').selectAll().execute()).toHaveLength(0);
    const s = await createSession(db, { ...created.value, userAgent: '', now: NOW });
    await invalidateUserSessions(db, created.value.userId);
    expect(await validateSessionToken(db, s.token, NOW)).toBeNull();
  });

  it('refuses garbage tokens', async () => {
    const db = await testDb();
    expect(await validateSessionToken(db, '', NOW)).toBeNull();
    expect(await validateSessionToken(db, 'x'.repeat(5000), NOW)).toBeNull();
  });
});

describe('sign-in throttle (real database)', () => {
  it('locks a key after the maximum failures in the window', async () => {
    const db = await testDb();
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i++)
      await recordFailure(db, 'account:x', ACCOUNT_POLICY, NOW + i);
    expect(await throttleWait(db, 'account:x', NOW + 10)).toBe(0);
    await recordFailure(db, 'account:x', ACCOUNT_POLICY, NOW + 10);
    expect(await throttleWait(db, 'account:x', NOW + 10)).toBe(ACCOUNT_POLICY.lockMs);
    expect(await throttleWait(db, 'account:x', NOW + 10 + ACCOUNT_POLICY.lockMs)).toBe(0);
  });

  it('forgets failures older than the window', async () => {
    const db = await testDb();
    for (let i = 0; i < ACCOUNT_POLICY.maxFailures - 1; i++)
      await recordFailure(db, 'k', ACCOUNT_POLICY, NOW);
    await recordFailure(db, 'k', ACCOUNT_POLICY, NOW + ACCOUNT_POLICY.windowMs + 1);
    expect(await throttleWait(db, 'k', NOW + ACCOUNT_POLICY.windowMs + 1)).toBe(0);
  });
});
