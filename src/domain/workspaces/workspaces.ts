import type { Db } from '../../../db/client';
import type { Role } from '../../../db/schema';
import { newId } from '../../shared/ids';
import { workspaceSettingsSchema, type WorkspaceSettings } from './settings';

export async function createWorkspace(
  db: Db,
  input: {
    name: string;
    ownerUserId: string;
    now: number;
    settings?: Partial<WorkspaceSettings>;
  },
): Promise<string> {
  const id = newId();
  const settings = workspaceSettingsSchema.parse(input.settings ?? {});
  await db
    .insertInto('workspaces')
    .values({
      id,
      name: input.name,
      settings_json: JSON.stringify(settings),
      created_at: input.now,
    })
    .execute();
  await addMember(db, {
    workspaceId: id,
    userId: input.ownerUserId,
    role: 'owner',
    now: input.now,
  });
  return id;
}

export async function addMember(
  db: Db,
  input: { workspaceId: string; userId: string; role: Role; now: number },
): Promise<void> {
  await db
    .insertInto('memberships')
    .values({
      workspace_id: input.workspaceId,
      user_id: input.userId,
      role: input.role,
      created_at: input.now,
    })
    .execute();
}

/** The workspace a user lands in after signing in: the oldest membership. */
export async function defaultWorkspaceOf(db: Db, userId: string): Promise<string | null> {
  const row = await db
    .selectFrom('memberships')
    .select('workspace_id')
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .executeTakeFirst();
  return row?.workspace_id ?? null;
}

/** The workspace's name, as its published pages and legal pages show it. */
export async function workspaceName(db: Db, workspaceId: string): Promise<string> {
  const row = await db
    .selectFrom('workspaces')
    .select('name')
    .where('id', '=', workspaceId)
    .executeTakeFirstOrThrow();
  return row.name;
}
