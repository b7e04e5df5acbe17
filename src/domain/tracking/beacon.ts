import { z } from 'zod';
import { UTM_KEYS } from '../../tracker/utm';

/** Ids the tracker makes: random, URL-safe. */
const trackerId = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'Ids are 8–40 URL-safe characters.');
const blockId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const at = z.number().int().nonnegative();

const utm = z
  .object(Object.fromEntries(UTM_KEYS.map((k) => [k, z.string().max(100).optional()])))
  .strict();

/** Every event the tracker sends. Unknown types are refused, not ignored. */
export const trackedEventSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('view'),
    id: trackerId,
    at,
    url: z.string().max(2000),
    ref: z.string().max(2000).optional(),
    utm: utm.optional(),
    device: z.enum(['mobile', 'tablet', 'desktop']),
    vw: z.number().int().min(0).max(20_000),
    vh: z.number().int().min(0).max(20_000),
    lang: z.string().max(35).optional(),
  }),
  /** Engaged milliseconds since the previous `engaged` event of the visit. */
  z.object({
    t: z.literal('engaged'),
    id: trackerId,
    at,
    ms: z.number().int().min(0).max(3_600_000),
  }),
  z.object({ t: z.literal('scroll'), id: trackerId, at, pct: z.number().int().min(0).max(100) }),
  z.object({ t: z.literal('seen'), id: trackerId, at, block: blockId }),
  z.object({
    t: z.literal('click'),
    id: trackerId,
    at,
    block: blockId.optional(),
    target: z.string().max(500),
    outbound: z.boolean(),
  }),
  z.object({ t: z.literal('form_start'), id: trackerId, at, form: blockId }),
  z.object({ t: z.literal('field'), id: trackerId, at, form: blockId, field: fieldName }),
  z.object({ t: z.literal('form_submit'), id: trackerId, at, form: blockId }),
  z.object({
    t: z.literal('form_error'),
    id: trackerId,
    at,
    form: blockId,
    fields: z.array(fieldName).max(30),
  }),
]);
export type TrackedEvent = z.infer<typeof trackedEventSchema>;

/** One beacon: the page, the visitor and visit ids the tracker keeps, and up to 50 events. */
export const beaconSchema = z
  .object({
    v: z.literal(1),
    page: z.string().regex(/^[a-z0-9-]{2,60}$/),
    vid: trackerId,
    sid: trackerId,
    events: z.array(trackedEventSchema).min(1).max(50),
  })
  .strict();
export type Beacon = z.infer<typeof beaconSchema>;

export const BEACON_MAX_BYTES = 16 * 1024;
