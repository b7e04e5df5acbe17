import type { AstroGlobal } from 'astro';
import { can, type Action } from '../domain/auth/permissions';
import {
  readWorkspaceSettings,
  workspaceSettingsSchema,
  writeWorkspaceSettings,
  type WorkspaceSettings,
} from '../domain/workspaces/settings';
import { handleFormPost, type ActionFailure } from './form-post';

/**
 * A settings card only some roles reach: whether this member does, and what a refused
 * member is told (the page is answered 403, and any change it posts is refused alike).
 */
export function cardAccess(
  astro: Pick<AstroGlobal, 'locals' | 'response'>,
  action: Action,
  what: string,
) {
  const allowed = can(astro.locals.session, action);
  if (!allowed) astro.response.status = 403;
  const refusal = allowed ? undefined : `Only an owner of this workspace can ${what}.`;
  return {
    allowed,
    refusal,
    /** The failure to return from a form handler when the member may not. */
    refused: (): ActionFailure => ({ status: 403, message: refusal }),
  };
}

type SettingKey = keyof WorkspaceSettings;

/**
 * A card that edits some of the workspace's settings (visitor privacy, policy and terms):
 * its fields are the settings schema's own, each is written on save (an emptied one as
 * unset), and published pages, which show them, are rendered again. The Response to send
 * (a redirect after saving), or what the card shows.
 */
export async function workspaceSettingsCard(
  astro: AstroGlobal,
  keys: readonly SettingKey[],
  card: { what: string; saved: string },
) {
  const access = cardAccess(astro, 'manage-workspace', card.what);
  const { db, session, services } = astro.locals;
  const workspaceId = session!.workspace.id;
  const mask = Object.fromEntries(keys.map((k) => [k, true])) as Record<SettingKey, true>;
  const view = await handleFormPost(astro, workspaceSettingsSchema.pick(mask), async (values) => {
    if (!access.allowed) return access.refused();
    await writeWorkspaceSettings(db, workspaceId, {
      ...Object.fromEntries(keys.map((k) => [k, undefined])),
      ...values,
    });
    // Their renders change now: here at once, on other instances within a second.
    services.livePages.forget();
    return astro.redirect(`${astro.url.pathname}?saved=${card.saved}`, 303);
  });
  if (view instanceof Response) return view;
  return { access, view, saved: await readWorkspaceSettings(db, workspaceId) };
}
