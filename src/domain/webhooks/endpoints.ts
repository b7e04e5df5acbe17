import { z } from 'zod';
import type { Db } from '../../../db/client';
import type { Tier, WebhookEndpointsTable } from '../../../db/schema';
import type { OutboundPoster, Sealer } from '../../shared/ports';
import { newId } from '../../shared/ids';
import { fail, ok, type Result } from '../../shared/result';
import { WEBHOOK_EVENT_TYPES, type WebhookEventType } from './events';
import { newWebhookSecret } from './signing';

/** How long a rotated secret keeps signing beside its successor. */
export const ROTATION_OVERLAP_MS = 24 * 3_600_000;
const MAX_ENDPOINTS = 20;

const asList = (v: unknown) => (v === undefined || v === '' ? [] : Array.isArray(v) ? v : [v]);
const tierSchema = z.enum(['hot', 'warm', 'cold']);

/** An endpoint as the owner's form sends it (checkbox lists arrive as one value or many). */
export const endpointFormSchema = z.object({
  url: z
    .string()
    .trim()
    .min(1, 'Enter the address that receives the events.')
    .max(2000, 'That address is too long.')
    .pipe(
      z.url({
        protocol: /^https?$/,
        error: 'Enter a full address, like https://crm.example.com/hooks/kindling',
      }),
    ),
  description: z.string().trim().max(200, 'Keep the description under 200 characters.').default(''),
  events: z.preprocess(
    asList,
    z.array(z.enum(WEBHOOK_EVENT_TYPES)).min(1, 'Choose at least one event.').max(10),
  ),
  pageIds: z.preprocess(asList, z.array(z.string().max(60)).max(200)),
  tiers: z.preprocess(asList, z.array(tierSchema).max(3)),
});
export type EndpointForm = z.infer<typeof endpointFormSchema>;

const storedList = <T extends z.ZodType>(item: T) =>
  z.preprocess((v) => (typeof v === 'string' ? JSON.parse(v) : v), z.array(item));
const storedEvents = storedList(z.enum(WEBHOOK_EVENT_TYPES));
const storedIds = storedList(z.string());
const storedTiers = storedList(tierSchema);

export type Endpoint = {
  id: string;
  url: string;
  description: string;
  events: WebhookEventType[];
  /** Empty: every page; every tier. */
  pageIds: string[];
  tiers: Tier[];
  enabled: boolean;
  disabledReason: string | null;
  rotatingUntil: number | null;
  createdAt: number;
};

export function endpointOf(row: WebhookEndpointsTable): Endpoint {
  return {
    id: row.id,
    url: row.url,
    description: row.description,
    events: storedEvents.parse(row.events_json),
    pageIds: row.page_ids_json ? storedIds.parse(row.page_ids_json) : [],
    tiers: row.tiers_json ? storedTiers.parse(row.tiers_json) : [],
    enabled: row.enabled === 1,
    disabledReason: row.disabled_reason,
    rotatingUntil: row.previous_secret_until,
    createdAt: row.created_at,
  };
}

/** Whether the address may receive webhooks: https (or anything when internal targets are allowed), resolving to public addresses. */
async function checkTarget(url: string, outbound: OutboundPoster): Promise<string | null> {
  const target = new URL(url);
  if (target.protocol !== 'https:' && !outbound.allowsInternal)
    return `Use an https:// address: events carry personal data. ${outbound.internalHint}`;
  if (target.username || target.password)
    return 'Leave the user name and password out of the address; every event is signed instead.';
  return outbound.refusal(target.hostname);
}

const columnsOf = (input: EndpointForm) => ({
  url: input.url,
  description: input.description,
  events_json: JSON.stringify(input.events),
  page_ids_json: input.pageIds.length ? JSON.stringify(input.pageIds) : null,
  tiers_json: input.tiers.length ? JSON.stringify(input.tiers) : null,
});

/** Adds an endpoint; its signing secret is returned once, and kept only sealed. */
export async function createEndpoint(
  db: Db,
  box: Sealer,
  outbound: OutboundPoster,
  input: { workspaceId: string; form: EndpointForm; now: number },
): Promise<Result<{ id: string; secret: string }, 'refused' | 'too_many'>> {
  const refused = await checkTarget(input.form.url, outbound);
  if (refused) return fail('refused', refused);
  const existing = await db
    .selectFrom('webhook_endpoints')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('workspace_id', '=', input.workspaceId)
    .executeTakeFirstOrThrow();
  if (Number(existing.n) >= MAX_ENDPOINTS)
    return fail('too_many', `A workspace has at most ${MAX_ENDPOINTS} endpoints.`);
  const secret = newWebhookSecret();
  const id = newId(input.now);
  await db
    .insertInto('webhook_endpoints')
    .values({
      id,
      workspace_id: input.workspaceId,
      ...columnsOf(input.form),
      secret_sealed: await box.seal(secret),
      previous_secret_sealed: null,
      previous_secret_until: null,
      enabled: 1,
      disabled_reason: null,
      created_at: input.now,
      updated_at: input.now,
    })
    .execute();
  return ok({ id, secret });
}

export async function listEndpoints(db: Db, workspaceId: string): Promise<Endpoint[]> {
  const rows = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .orderBy('created_at')
    .execute();
  return rows.map(endpointOf);
}

export async function getEndpoint(
  db: Db,
  workspaceId: string,
  endpointId: string,
): Promise<Endpoint | null> {
  const row = await db
    .selectFrom('webhook_endpoints')
    .selectAll()
    .where('workspace_id', '=', workspaceId)
    .where('id', '=', endpointId)
    .executeTakeFirst();
  return row ? endpointOf(row) : null;
}

/**
 * A new signing secret, returned once. The one it replaces keeps signing beside it for a
 * day, so receivers can switch over without losing an event.
 */
export async function rotateSecret(
  db: Db,
  box: Sealer,
  input: { workspaceId: string; endpointId: string; now: number },
): Promise<string | null> {
  const secret = newWebhookSecret();
  const sealed = await box.seal(secret);
  const r = await db
    .updateTable('webhook_endpoints')
    .set((eb) => ({
      previous_secret_sealed: eb.ref('secret_sealed'),
      previous_secret_until: input.now + ROTATION_OVERLAP_MS,
      secret_sealed: sealed,
      updated_at: input.now,
    }))
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.endpointId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) ? secret : null;
}

/** The secrets that sign a message now: the current one, and a rotated one still overlapping. */
export async function signingSecrets(
  box: Sealer,
  row: Pick<
    WebhookEndpointsTable,
    'secret_sealed' | 'previous_secret_sealed' | 'previous_secret_until'
  >,
  now: number,
): Promise<string[]> {
  const secrets = [await box.open(row.secret_sealed)];
  if (row.previous_secret_sealed && (row.previous_secret_until ?? 0) > now)
    secrets.push(await box.open(row.previous_secret_sealed));
  return secrets;
}

/** Turns an endpoint on (clearing why it was off) or off. */
export async function setEndpointEnabled(
  db: Db,
  input: {
    workspaceId: string;
    endpointId: string;
    enabled: boolean;
    reason?: string;
    now: number;
  },
): Promise<boolean> {
  const r = await db
    .updateTable('webhook_endpoints')
    .set({
      enabled: input.enabled ? 1 : 0,
      disabled_reason: input.enabled ? null : (input.reason ?? 'Turned off by an owner.'),
      updated_at: input.now,
    })
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.endpointId)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

export async function deleteEndpoint(
  db: Db,
  input: { workspaceId: string; endpointId: string },
): Promise<boolean> {
  await db
    .deleteFrom('webhook_deliveries')
    .where('workspace_id', '=', input.workspaceId)
    .where('endpoint_id', '=', input.endpointId)
    .execute();
  const r = await db
    .deleteFrom('webhook_endpoints')
    .where('workspace_id', '=', input.workspaceId)
    .where('id', '=', input.endpointId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}
