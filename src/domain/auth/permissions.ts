import type { Role } from '../../../db/schema';

/**
 * Who may do what in a workspace, in one table: routes, components and the middleware ask
 * `can(member, action)` and never compare roles themselves. Viewers look; editors make pages
 * and work leads; owners also run the workspace.
 */
export const PERMISSIONS = {
  /** Their own password, sessions, alerts and sign-out: everyone's own. */
  'change-own-account': ['owner', 'editor', 'viewer'],
  /** Any change to the workspace's own things: the middleware refuses other writes early. */
  'change-workspace': ['owner', 'editor'],
  /** Create, edit, publish, archive and delete pages. */
  'edit-pages': ['owner', 'editor'],
  /** Upload and delete images. */
  'manage-images': ['owner', 'editor'],
  /** Status, assignee, notes, a lead's qualification, bulk actions. */
  'work-leads': ['owner', 'editor'],
  /** Invite, change roles, remove members. */
  'manage-team': ['owner'],
  /** The workspace's name, brand kit, privacy, retention, sign-up. */
  'manage-workspace': ['owner'],
  /** Webhooks and API keys: where the workspace's data leaves it. */
  'manage-integrations': ['owner'],
  /** The scoring model every lead is tagged by. */
  'edit-scoring': ['owner'],
  /** The mail log (what was sent to whom) and background work that failed. */
  'read-operations': ['owner'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof PERMISSIONS;

export const can = (member: { role: Role } | null | undefined, action: Action): boolean =>
  !!member && (PERMISSIONS[action] as readonly Role[]).includes(member.role);
