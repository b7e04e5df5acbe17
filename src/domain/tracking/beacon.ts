import { z } from 'zod';
import { DEVICE_CLASSES, UTM_KEYS } from './utm';

/** Ids the tracker makes: random, URL-safe. */
const trackerId = z.string().regex(/^[A-Za-z0-9_-]{8,40}$/, 'Ids are 8–40 URL-safe characters.');
const blockId = z.string().regex(/^[A-Za-z0-9_-]{1,40}$/);
const fieldName = z.string().regex(/^[a-z][a-z0-9_]{0,39}$/);
const at = z.number().int().nonnegative();
/** Long URLs are cut, not refused: the beacon's 16 KB limit bounds what arrives. */
const clipped = (max: number) => z.string().transform((s) => s.slice(0, max));

const utm = z
  .object(Object.fromEntries(UTM_KEYS.map((k) => [k, z.string().max(100).optional()])))
  .strict();

/** Every event the tracker sends. Unknown types are refused, not ignored. */
export const trackedEventSchema = z.discriminatedUnion('t', [
  z.object({
    t: z.literal('view'),
    id: trackerId,
    at,
    url: clipped(2000),
    ref: clipped(2000).optional(),
    // The server reads these from `url` and `vw`; scripts cached before it did still send them.
    utm: utm.optional(),
    device: z.enum(DEVICE_CLASSES).optional(),
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
  z.object({
    t: z.literal('scroll'),
    id: trackerId,
    at,
    // Overscroll (rubber-banding at the bottom) reads past 100 %.
    pct: z
      .number()
      .int()
      .min(0)
      .transform((pct) => Math.min(pct, 100)),
  }),
  z.object({ t: z.literal('seen'), id: trackerId, at, block: blockId }),
  z.object({
    t: z.literal('click'),
    id: trackerId,
    at,
    block: blockId.optional(),
    target: z.string().max(500),
    /** Set by `completeBeacon` from the target; scripts cached before that still send it. */
    outbound: z.boolean().optional(),
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

/** What the request itself says about the visitor, so the tracker need not send it. */
export type BeaconRequestFacts = { host: string; acceptLanguage: string | null };

const firstLanguage = (header: string | null) =>
  header?.split(',')[0]?.split(';')[0]?.trim().slice(0, 35) || undefined;

/** A link away from the page's host (another site, mailto:, tel:). */
function isOutbound(target: string, host: string): boolean {
  if (!URL.canParse(target)) return false;
  return new URL(target).host !== host;
}

/**
 * Fills in what the server knows better than the script: the visitor's language (from
 * Accept-Language) on the view, and whether each clicked link leaves the page's host.
 */
export function completeBeacon(beacon: Beacon, request: BeaconRequestFacts): Beacon {
  const events = beacon.events.map((e): TrackedEvent => {
    if (e.t === 'view') return { ...e, lang: e.lang ?? firstLanguage(request.acceptLanguage) };
    if (e.t === 'click')
      return { ...e, outbound: e.outbound ?? isOutbound(e.target, request.host) };
    return e;
  });
  return { ...beacon, events };
}
