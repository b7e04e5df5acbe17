import { createHash, randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { ApiKeyAccess } from '../../../db/schema';
import { newId } from '../../shared/ids';

/**
 * REST API keys: `kdl_` and 32 random bytes, shown once when made and kept only as their
 * SHA-256 (a key has the entropy of 256 bits, so a fast hash cannot be searched back).
 */
const PREFIX = 'kdl_';
const hashOf = (key: string) => createHash('sha256').update(key).digest('hex');
/** How stale a key's "last used" may get before a request writes it again. */
const LAST_USED_GRANULARITY_MS = 60_000;

export const ACCESS_LABELS: Record<ApiKeyAccess, string> = {
  read: 'Read only',
  read_write: 'Read and write',
};

export const apiKeyFormSchema = z.object({
  name: z
    .string()
    .trim()
    .min(1, 'Name the key after what uses it, like “HubSpot sync”.')
    .max(80, 'Keep the name under 80 characters.'),
  access: z.enum(['read', 'read_write'], 'Choose what the key may do.'),
});

export type ApiKeyListItem = {
  id: string;
  name: string;
  prefix: string;
  access: ApiKeyAccess;
  createdAt: number;
  lastUsedAt: number | null;
  revokedAt: number | null;
};

/** A new key for the workspace; the key itself is returned this once. */
export async function createApiKey(
  db: Db,
  input: { workspaceId: string; userId: string; name: string; access: ApiKeyAccess; now: number },
): Promise<{ id: string; key: string }> {
  const key = PREFIX + randomBytes(32).toString('base64url');
  const id = newId(input.now);
  await db
    .insertInto('api_keys')
    .values({
      id,
      workspace_id: input.workspaceId,
      name: input.name,
      prefix: key.slice(0, PREFIX.length + 6),
      key_hash: hashOf(key),
      access: input.access,
      created_by: input.userId,
      created_at: input.now,
      last_used_at: null,
      revoked_at: null,
    })
    .execute();
  return { id, key };
}

export async function listApiKeys(db: Db, workspaceId: string): Promise<ApiKeyListItem[]> {
  const rows = await db
    .selectFrom('api_keys')
    .select(['id', 'name', 'prefix', 'access', 'created_at', 'last_used_at', 'revoked_at'])
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    prefix: r.prefix,
    access: r.access,
    createdAt: r.created_at,
    lastUsedAt: r.last_used_at,
    revokedAt: r.revoked_at,
  }));
}

export async function revokeApiKey(
  db: Db,
  input: { workspaceId: string; keyId: string; now: number },
): Promise<boolean> {
  const r = await db
    .updateTable('api_keys')
    .set({ revoked_at: input.now })
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.keyId)
    .where('revoked_at', 'is', null)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export type ApiCaller = {
  keyId: string;
  workspaceId: string;
  userId: string;
  access: ApiKeyAccess;
};

/** The live key a request's bearer token is, or null; notes its use (once a minute at most). */
export async function authenticateApiKey(
  db: Db,
  token: string,
  now: number,
): Promise<ApiCaller | null> {
  if (!token.startsWith(PREFIX) || token.length > 100) return null;
  const row = await db
    .selectFrom('api_keys')
    .select(['id', 'workspace_id', 'created_by', 'access', 'revoked_at', 'last_used_at'])
    .where('key_hash', '=', hashOf(token))
    .executeTakeFirst();
  if (!row || row.revoked_at !== null) return null;
  if ((row.last_used_at ?? 0) < now - LAST_USED_GRANULARITY_MS)
    await db
      .updateTable('api_keys')
      .set({ last_used_at: now })
      .where('id', '=', row.id)
      .where((eb) =>
        eb.or([
          eb('last_used_at', 'is', null),
          eb('last_used_at', '<', now - LAST_USED_GRANULARITY_MS),
        ]),
      )
      .execute();
  return {
    keyId: row.id,
    workspaceId: row.workspace_id,
    userId: row.created_by,
    access: row.access,
  };
}
