import { describe, expect, it } from 'vitest';
import { can, PERMISSIONS, type Action } from '../../src/domain/auth/permissions';
import { ROLES } from '../../src/domain/workspaces/team';

/* What each role may do, written the other way round from the table (by role, not by
   action), so a change to either shows here. */
const BY_ROLE = {
  viewer: ['change-own-account'],
  editor: ['change-own-account', 'change-workspace', 'edit-pages', 'manage-images', 'work-leads'],
  owner: Object.keys(PERMISSIONS),
} as const;

describe('who may do what', () => {
  it('walks the whole table: every role against every action', () => {
    const actions = Object.keys(PERMISSIONS) as Action[];
    for (const role of ROLES)
      for (const action of actions)
        expect(can({ role }, action), `${role} ${action}`).toBe(
          (BY_ROLE[role] as readonly string[]).includes(action),
        );
  });

  it('lets nobody without a membership do anything', () => {
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      expect(can(null, action)).toBe(false);
      expect(can(undefined, action)).toBe(false);
    }
  });

  it('gives every action to the owner, so no workspace is left unmanageable', () => {
    for (const roles of Object.values(PERMISSIONS)) expect(roles).toContain('owner');
  });
});
