import { transact } from '../../../db/transact';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { Role } from '../../../db/schema';
import type { Account } from '../auth/accounts';
import { decoyHash, hashPassword, verifyPassword } from '../auth/password';
import { emailSchema, passwordSchema } from '../auth/schemas';
import { hashToken } from '../auth/session-token';
import { newId, newSecretToken } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';

export const ROLES = ['owner', 'editor', 'viewer'] as const satisfies readonly Role[];
export const ROLE_LABELS: Record<Role, { label: string; can: string }> = {
  owner: { label: 'Owner', can: 'everything, including team, settings and scoring' },
  editor: { label: 'Editor', can: 'pages and leads' },
  viewer: { label: 'Viewer', can: 'read-only' },
};
/** An invitation link works for a week, once. */
export const INVITE_TTL_MS = 7 * 86_400_000;

export function listMembers(db: Db, workspaceId: string) {
  return db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['u.id', 'u.name', 'u.email', 'm.role', 'm.created_at'])
    .where('m.workspace_id', '=', workspaceId)
    .orderBy('m.created_at')
    .execute();
}

/** A new invitation; the token is shown once, only its hash is stored. */
export async function createInvite(
  db: Db,
  input: { workspaceId: string; role: Role; createdBy: string; now: number },
): Promise<{ token: string; expiresAt: number }> {
  const token = newSecretToken();
  const expiresAt = input.now + INVITE_TTL_MS;
  await db
    .insertInto('invites')
    .values({
      id: newId(input.now),
      workspace_id: input.workspaceId,
      token_hash: hashToken(token),
      role: input.role,
      created_by: input.createdBy,
      created_at: input.now,
      expires_at: expiresAt,
      accepted_at: null,
    })
    .execute();
  return { token, expiresAt };
}

export function pendingInvites(db: Db, workspaceId: string, now: number) {
  return db
    .selectFrom('invites')
    .select(['id', 'role', 'created_at', 'expires_at'])
    .where('workspace_id', '=', workspaceId)
    .where('accepted_at', 'is', null)
    .where('expires_at', '>', now)
    .orderBy('created_at', 'desc')
    .execute();
}

export async function revokeInvite(db: Db, workspaceId: string, inviteId: string) {
  const done = await db
    .deleteFrom('invites')
    .where('id', '=', inviteId)
    .where('workspace_id', '=', workspaceId)
    .executeTakeFirst();
  return Number(done.numDeletedRows) === 1;
}

/** The open invitation a link's token stands for, or null (unknown, used or expired). */
export function findInvite(db: Db, token: string, now: number) {
  if (token.length < 20 || token.length > 100) return Promise.resolve(undefined);
  return db
    .selectFrom('invites as i')
    .innerJoin('workspaces as w', 'w.id', 'i.workspace_id')
    .select(['i.id', 'i.role', 'i.workspace_id', 'w.name as workspace_name'])
    .where('i.token_hash', '=', hashToken(token))
    .where('i.accepted_at', 'is', null)
    .where('i.expires_at', '>', now)
    .executeTakeFirst();
}

export const acceptInviteSchema = z.object({
  name: z.string().trim().max(100, 'Name is too long.').default(''),
  email: emailSchema,
  password: passwordSchema,
});
export type AcceptInvite = z.infer<typeof acceptInviteSchema>;

/**
 * Joins the invitation's workspace: with a new account, or with an existing one whose
 * password is given (so a link cannot attach someone else's account). The link is spent
 * in the same transaction, so it works once even when two people race for it.
 */
export async function acceptInvite(
  db: Db,
  token: string,
  input: AcceptInvite,
  now: number,
): Promise<Result<Account, 'invalid_invite' | 'wrong_password'>> {
  const gone = () =>
    fail('invalid_invite', 'This invitation was already used, revoked or has expired.');
  const invite = await findInvite(db, token, now);
  if (!invite) return gone();
  const existing = await db
    .selectFrom('users')
    .select(['id', 'password_hash'])
    .where('email', '=', input.email)
    .executeTakeFirst();
  const valid = await verifyPassword(
    existing?.password_hash ?? (await decoyHash()),
    input.password,
  );
  if (existing && !valid)
    return fail(
      'wrong_password',
      'An account with this email exists: enter its password to join with it.',
      { password: 'That is not the password of this account.' },
    );
  const passwordHash = existing ? null : await hashPassword(input.password);
  return transact(db, async (tx) => {
    const spent = await tx
      .updateTable('invites')
      .set({ accepted_at: now })
      .where('id', '=', invite.id)
      .where('accepted_at', 'is', null)
      .executeTakeFirst();
    if (Number(spent.numUpdatedRows) !== 1) return gone();
    const userId = existing?.id ?? newId(now);
    if (!existing)
      await tx
        .insertInto('users')
        .values({
          id: userId,
          email: input.email,
          name: input.name,
          password_hash: passwordHash!,
          is_instance_owner: 0,
          created_at: now,
          password_changed_at: now,
        })
        .execute();
    await tx
      .insertInto('memberships')
      .values({
        workspace_id: invite.workspace_id,
        user_id: userId,
        role: invite.role,
        created_at: now,
      })
      .onConflict((oc) => oc.columns(['workspace_id', 'user_id']).doNothing())
      .execute();
    return ok({ userId, workspaceId: invite.workspace_id });
  });
}

const ownerCount = async (db: Db, workspaceId: string) =>
  Number(
    (
      await db
        .selectFrom('memberships')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('workspace_id', '=', workspaceId)
        .where('role', '=', 'owner')
        .executeTakeFirstOrThrow()
    ).n,
  );

/** A member of the workspace, with their role and how to name them; undefined for others. */
export const memberOf = (db: Db, workspaceId: string, userId: string) =>
  db
    .selectFrom('memberships as m')
    .innerJoin('users as u', 'u.id', 'm.user_id')
    .select(['m.role', 'u.name', 'u.email'])
    .where('m.workspace_id', '=', workspaceId)
    .where('m.user_id', '=', userId)
    .executeTakeFirst();

export type MemberChange = Result<true, 'not_found' | 'last_owner'>;
const lastOwner = () =>
  fail('last_owner', 'A workspace keeps at least one owner: make someone else owner first.');

/** Changes a member's role; the last owner stays owner. */
export async function setMemberRole(
  db: Db,
  input: { workspaceId: string; userId: string; role: Role },
): Promise<MemberChange> {
  return transact(db, async (tx) => {
    const member = await memberOf(tx, input.workspaceId, input.userId);
    if (!member) return fail('not_found', 'That person is not in this workspace.');
    if (
      member.role === 'owner' &&
      input.role !== 'owner' &&
      (await ownerCount(tx, input.workspaceId)) < 2
    )
      return lastOwner();
    await tx
      .updateTable('memberships')
      .set({ role: input.role })
      .where('workspace_id', '=', input.workspaceId)
      .where('user_id', '=', input.userId)
      .execute();
    return ok(true as const);
  });
}

/** Removes a member and ends their sessions in this workspace; the last owner stays. */
export async function removeMember(
  db: Db,
  input: { workspaceId: string; userId: string },
): Promise<MemberChange> {
  return transact(db, async (tx) => {
    const member = await memberOf(tx, input.workspaceId, input.userId);
    if (!member) return fail('not_found', 'That person is not in this workspace.');
    if (member.role === 'owner' && (await ownerCount(tx, input.workspaceId)) < 2)
      return lastOwner();
    await tx
      .deleteFrom('memberships')
      .where('workspace_id', '=', input.workspaceId)
      .where('user_id', '=', input.userId)
      .execute();
    await tx
      .deleteFrom('sessions')
      .where('workspace_id', '=', input.workspaceId)
      .where('user_id', '=', input.userId)
      .execute();
    await tx
      .updateTable('leads')
      .set({ assignee_user_id: null })
      .where('workspace_id', '=', input.workspaceId)
      .where('assignee_user_id', '=', input.userId)
      .execute();
    return ok(true as const);
  });
}

export async function renameWorkspace(db: Db, workspaceId: string, name: string): Promise<void> {
  await db.updateTable('workspaces').set({ name }).where('id', '=', workspaceId).execute();
}
