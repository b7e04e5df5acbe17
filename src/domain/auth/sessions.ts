import type { Db } from '../../../db/client';
import type { Role } from '../../../db/schema';
import { newSecretToken } from '../../shared/ids';
import {
  SESSION_ABSOLUTE_MS,
  generateSessionToken,
  hashToken,
  isSessionExpired,
  shouldTouchSession,
} from './session-token';

export type SessionContext = {
  sessionId: string;
  csrfToken: string;
  user: { id: string; email: string; name: string; isInstanceOwner: boolean };
  workspace: { id: string; name: string };
  role: Role;
};

/** Starts a session; the returned token goes in the cookie and nowhere else. */
export async function createSession(
  db: Db,
  input: { userId: string; workspaceId: string; userAgent: string; now: number },
): Promise<{ token: string; sessionId: string }> {
  const token = generateSessionToken();
  const sessionId = hashToken(token);
  await db
    .insertInto('sessions')
    .values({
      id: sessionId,
      user_id: input.userId,
      workspace_id: input.workspaceId,
      csrf_token: newSecretToken(),
      created_at: input.now,
      last_seen_at: input.now,
      expires_at: input.now + SESSION_ABSOLUTE_MS,
      user_agent: input.userAgent.slice(0, 300),
    })
    .execute();
  return { token, sessionId };
}

/** Resolves a cookie token to its live session, sliding the idle expiry; null if none. */
export async function validateSessionToken(
  db: Db,
  token: string,
  now: number,
): Promise<SessionContext | null> {
  if (token.length < 20 || token.length > 100) return null;
  const sessionId = hashToken(token);
  const row = await db
    .selectFrom('sessions as s')
    .innerJoin('users as u', 'u.id', 's.user_id')
    .innerJoin('workspaces as w', 'w.id', 's.workspace_id')
    .innerJoin('memberships as m', (j) =>
      j.onRef('m.user_id', '=', 's.user_id').onRef('m.workspace_id', '=', 's.workspace_id'),
    )
    .select([
      's.id',
      's.csrf_token',
      's.created_at',
      's.last_seen_at',
      's.expires_at',
      'u.id as user_id',
      'u.email',
      'u.name as user_name',
      'u.is_instance_owner',
      'w.id as workspace_id',
      'w.name as workspace_name',
      'm.role',
    ])
    .where('s.id', '=', sessionId)
    .executeTakeFirst();
  if (!row) return null;
  const clock = {
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
  };
  if (isSessionExpired(clock, now)) {
    await invalidateSession(db, sessionId);
    return null;
  }
  if (shouldTouchSession(clock, now)) {
    await db
      .updateTable('sessions')
      .set({ last_seen_at: now })
      .where('id', '=', sessionId)
      .execute();
  }
  return {
    sessionId,
    csrfToken: row.csrf_token,
    user: {
      id: row.user_id,
      email: row.email,
      name: row.user_name,
      isInstanceOwner: row.is_instance_owner === 1,
    },
    workspace: { id: row.workspace_id, name: row.workspace_name },
    role: row.role,
  };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.deleteFrom('sessions').where('id', '=', sessionId).execute();
}

/** Ends every session of a user, except optionally the one making the request. */
export async function invalidateUserSessions(
  db: Db,
  userId: string,
  keepSessionId?: string,
): Promise<void> {
  let q = db.deleteFrom('sessions').where('user_id', '=', userId);
  if (keepSessionId) q = q.where('id', '!=', keepSessionId);
  await q.execute();
}

/** A user's live sessions, newest first, to review and end from the settings. */
export function userSessions(db: Db, userId: string, now: number) {
  return db
    .selectFrom('sessions')
    .select(['id', 'user_agent', 'created_at', 'last_seen_at'])
    .where('user_id', '=', userId)
    .where('expires_at', '>', now)
    .orderBy('last_seen_at', 'desc')
    .execute();
}

export async function endUserSession(db: Db, userId: string, sessionId: string) {
  const done = await db
    .deleteFrom('sessions')
    .where('id', '=', sessionId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(done.numDeletedRows) === 1;
}
