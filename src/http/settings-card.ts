import type { AstroGlobal } from 'astro';
import { can, type Action } from '../domain/auth/permissions';
import type { ActionFailure } from './form-post';

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
