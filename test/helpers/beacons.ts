import { PERSON_UA } from './http-session';

/**
 * A visit as the tracker reports it: the view, then engaged time, the deepest scroll and
 * the sections seen. Event ids derive from the visit id, so sending it twice is a replay.
 */
export function visitBeacon(visit: {
  page: string;
  vid: string;
  sid: string;
  at: number;
  engagedMs?: number;
  scroll?: number;
  blocks?: string[];
  /** The landing address, query included; the page's own by default. */
  url?: string;
}) {
  const { page, vid, sid, at, engagedMs = 0, scroll = 0, blocks = [] } = visit;
  const url = visit.url ?? `/p/${page}`;
  const after = at + Math.max(engagedMs, 1_000);
  return {
    v: 1,
    page,
    vid,
    sid,
    events: [
      { t: 'view', id: `v-${sid}`, at, url, vw: 1280, vh: 800 },
      ...(engagedMs ? [{ t: 'engaged', id: `e-${sid}`, at: after, ms: engagedMs }] : []),
      ...(scroll ? [{ t: 'scroll', id: `s-${sid}`, at: after, pct: scroll }] : []),
      ...blocks.map((block, i) => ({ t: 'seen', id: `b${i}-${sid}`, at: at + 1_000, block })),
    ],
  };
}

/** Posts a beacon to a server as a browser's sendBeacon would. */
export const sendBeacon = (base: string, body: unknown) =>
  fetch(`${base}/api/t`, {
    method: 'POST',
    headers: { 'content-type': 'text/plain;charset=UTF-8', 'user-agent': PERSON_UA },
    body: JSON.stringify(body),
  });
