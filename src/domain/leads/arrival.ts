import { sourceOf } from '../tracking/aggregates';
import { parseUtm, type Utm } from '../tracking/utm';

/**
 * How a visitor arrived, carried by the submission itself: the path and query they landed
 * on (utm_* included) and the other site that sent them. The form script sends both; without
 * JavaScript the landing address is the POST's own Referer (the page, same origin).
 */
export type Arrival = { landing: string | null; referrer: string | null };

const MAX = 2000;

/** The landing path and query, when it is a path on this site. */
function landingPath(value: string | null | undefined, origin: string): string | null {
  if (!value || value.length > MAX) return null;
  try {
    const url = new URL(value, origin);
    return url.origin === origin ? `${url.pathname}${url.search}` : null;
  } catch {
    return null;
  }
}

/** The sending site's address, when it is another site's http(s) address. */
function externalReferrer(value: string | null | undefined, origin: string): string | null {
  if (!value || value.length > MAX) return null;
  try {
    const url = new URL(value);
    return /^https?:$/.test(url.protocol) && url.origin !== origin ? url.href : null;
  } catch {
    return null;
  }
}

/**
 * Reads the arrival from the form's `_landing` and `_referrer` fields, falling back to the
 * request's Referer for the landing address. `origin` is where the page was served.
 */
export function readArrival(
  fields: { landing?: string; referrer?: string },
  refererHeader: string | null,
  origin: string,
): Arrival {
  return {
    landing: landingPath(fields.landing, origin) ?? landingPath(refererHeader, origin),
    referrer: externalReferrer(fields.referrer, origin),
  };
}

export const arrivalUtm = (arrival: Arrival): Utm =>
  arrival.landing ? parseUtm(arrival.landing) : {};

/** The source the arrival names: utm_source, else the sending site, else "direct". */
export const arrivalSource = (arrival: Arrival): string =>
  sourceOf({ utm: arrivalUtm(arrival), referrer: arrival.referrer });
