import { transact } from '../../../db/transact';
import { sql } from 'kysely';
import type { Db } from '../../../db/client';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import { createWorkspace, defaultWorkspaceOf } from '../workspaces/workspaces';
import { decoyHash, hashPassword, verifyPassword } from './password';
import type { NewAccount } from './schemas';
import { invalidateUserSessions } from './sessions';

export type Account = { userId: string; workspaceId: string };

/** The account's password hash, found by its address; null when there is no such account. */
export async function passwordHashByEmail(db: Db, email: string): Promise<string | null> {
  const user = await db
    .selectFrom('users')
    .select('password_hash')
    .where('email', '=', email.trim().toLowerCase())
    .executeTakeFirst();
  return user?.password_hash ?? null;
}

export async function needsOwnerSetup(db: Db): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n) === 0;
}

/**
 * Creates the first account of the installation. The `owner-claimed` row is a unique key,
 * so of two racing set-up requests exactly one commits.
 */
export async function createOwnerAccount(
  db: Db,
  input: NewAccount,
  now: number,
): Promise<Result<Account, 'already_set_up'>> {
  const passwordHash = await hashPassword(input.password);
  try {
    return await transact(db, async (tx) => {
      if (!(await needsOwnerSetup(tx)))
        return fail('already_set_up', 'This installation already has an owner.');
      await tx
        .insertInto('instance_settings')
        .values({ key: 'owner-claimed', value_json: 'true' })
        .execute();
      return ok(await insertAccount(tx, input, passwordHash, true, now));
    });
  } catch (error) {
    if (await needsOwnerSetup(db)) throw error;
    return fail('already_set_up', 'This installation already has an owner.');
  }
}

/** Open sign-up: a new marketer gets a workspace of their own. */
export async function signUp(
  db: Db,
  input: NewAccount,
  now: number,
): Promise<Result<Account, 'email_taken'>> {
  const passwordHash = await hashPassword(input.password);
  const taken = () =>
    fail('email_taken', 'An account with this email already exists. Sign in instead.', {
      email: 'An account with this email already exists.',
    });
  if (await findUserByEmail(db, input.email)) return taken();
  try {
    return ok(await transact(db, (tx) => insertAccount(tx, input, passwordHash, false, now)));
  } catch (error) {
    if (await findUserByEmail(db, input.email)) return taken();
    throw error;
  }
}

async function insertAccount(
  db: Db,
  input: NewAccount,
  passwordHash: string,
  isInstanceOwner: boolean,
  now: number,
): Promise<Account> {
  const userId = newId();
  await db
    .insertInto('users')
    .values({
      id: userId,
      email: input.email,
      name: input.name,
      password_hash: passwordHash,
      is_instance_owner: isInstanceOwner ? 1 : 0,
      created_at: now,
      password_changed_at: now,
    })
    .execute();
  const workspaceId = await createWorkspace(db, {
    name: input.workspaceName,
    ownerUserId: userId,
    now,
    settings: {
      legalName: input.legalName,
      address: input.address,
      contactEmail: input.contactEmail,
    },
  });
  return { userId, workspaceId };
}

function findUserByEmail(db: Db, email: string) {
  return db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', email)
    .executeTakeFirst();
}

/** Checks a password; an unknown email costs the same time as a wrong password. */
export async function authenticate(
  db: Db,
  email: string,
  password: string,
): Promise<(Account & { passwordHash: string }) | null> {
  const user = await findUserByEmail(db, email);
  const valid = await verifyPassword(user?.password_hash ?? (await decoyHash()), password);
  if (!user || !valid) return null;
  const workspaceId = await defaultWorkspaceOf(db, user.id);
  return workspaceId ? { userId: user.id, workspaceId, passwordHash: user.password_hash } : null;
}

/** Changes the password and ends every other session of the user. */
export async function changePassword(
  db: Db,
  input: {
    userId: string;
    currentPassword: string;
    newPassword: string;
    keepSessionId: string;
    now: number;
  },
): Promise<Result<null, 'wrong_password'>> {
  const user = await db
    .selectFrom('users')
    .select('password_hash')
    .where('id', '=', input.userId)
    .executeTakeFirstOrThrow();
  if (!(await verifyPassword(user.password_hash, input.currentPassword))) {
    return fail('wrong_password', 'Your current password is not right.', {
      currentPassword: 'This is not your current password.',
    });
  }
  const password_hash = await hashPassword(input.newPassword);
  await transact(db, async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash, password_changed_at: input.now })
      .where('id', '=', input.userId)
      .execute();
    await invalidateUserSessions(tx, input.userId, input.keepSessionId);
  });
  return ok(null);
}

/** Sets a password without the current one (operator tools only), ending every session. */
export async function resetPassword(
  db: Db,
  userId: string,
  newPassword: string,
  now: number,
): Promise<void> {
  const password_hash = await hashPassword(newPassword);
  await transact(db, async (tx) => {
    await tx
      .updateTable('users')
      .set({ password_hash, password_changed_at: now })
      .where('id', '=', userId)
      .execute();
    await invalidateUserSessions(tx, userId);
  });
}
