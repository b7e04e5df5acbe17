/**
 * Kindling's first-party tracker: what a visitor did on a published page, measured
 * honestly (engaged time, not time since load), batched and sent with sendBeacon. No
 * dependencies; nothing is collected when the browser signals Global Privacy Control or
 * Do Not Track. Every byte here is paid on every view, so the server derives what it can
 * (UTM from the landing URL, device class from the viewport, language from the request,
 * outbound links from their target) and the form script, which
 * ships only on pages with a form, reports form steps through a `k:track` event.
 */
import { engagedClock } from './engaged-clock';
import { visitFor, type VisitState } from './visit';

const ENDPOINT = '/api/t';
const FLUSH_MS = 10_000;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const root = document.documentElement;
const page = root.dataset.kindlingPage;
const now = () => performance.now();

/** 96 bits from the CSPRNG as 12–24 base-36 characters. */
const rid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(12)), (b) => b.toString(36)).join('');

function stored(key: string, make: () => string): string {
  try {
    let value = localStorage.getItem(key);
    if (!value) localStorage.setItem(key, (value = make()));
    return value;
  } catch {
    // Storage blocked: a first-party cookie set here, never by the server's page response.
    const found = document.cookie.match(`(^|; )${key}=([^;]+)`)?.[2];
    if (found) return found;
    const value = make();
    document.cookie = `${key}=${value};Max-Age=31536000;Path=/;SameSite=Lax`;
    return value;
  }
}

/** Everything the tracker does, started at once or after the visitor accepts the banner. */
function track(): void {
  const vid = stored('k_vid', rid);
  let visit = JSON.parse(stored('k_visit', () => 'null')) as VisitState | null;
  const queue: object[] = [];
  const mark = (t: string, data: object) => queue.push({ ...data, t, id: rid(), at: Date.now() });
  const push = (t: string, data: object = {}) => {
    visit = visitFor(visit, Date.now(), rid);
    try {
      localStorage.setItem('k_visit', JSON.stringify(visit));
    } catch {
      /* the visit then lasts as long as the page */
    }
    if (mark(t, data) > 39) flush();
  };

  const clock = engagedClock(now, !document.hidden, document.hasFocus());
  let sentEngaged = 0;
  let maxScroll = 0;
  let sentScroll = 0;

  function flush(): void {
    const engaged = clock.read();
    if (engaged - sentEngaged >= 500) {
      mark('engaged', { ms: engaged - sentEngaged });
      sentEngaged = engaged;
    }
    if (maxScroll > sentScroll) mark('scroll', { pct: (sentScroll = maxScroll) });
    // sendBeacon refuses when the browser's in-flight quota is full (fetch with keepalive
    // shares it): the events stay queued for the next flush.
    while (
      queue.length &&
      nav.sendBeacon(
        ENDPOINT,
        JSON.stringify({ v: 1, page, vid, sid: visit!.id, events: queue.slice(0, 50) }),
      )
    )
      queue.splice(0, 50);
  }

  push('view', {
    // The server clips both to 2,000 characters and reads the UTM parameters from `url`.
    url: location.pathname + location.search,
    ref: document.referrer,
    vw: innerWidth,
    vh: innerHeight,
  });

  // Typing, pointing (touch included: it fires pointer events) and scrolling are activity.
  // None of these listeners can delay scrolling, so they need no `passive` flag.
  const active = () => clock.activity();
  for (const type of ['keydown', 'pointerdown', 'pointermove']) addEventListener(type, active);
  // A submission replaces its form with a short thank-you: the page shrinks and the browser
  // moves the scroll position by itself. What happens to depth and sections from then on is
  // the page's doing, not the visitor's, so measuring them stops at the submission.
  let submitted = false;
  addEventListener('scroll', () => {
    active();
    // Overscroll can pass 100 %; the server clamps it.
    if (!submitted)
      maxScroll = Math.max(
        maxScroll,
        Math.round(((scrollY + innerHeight) / root.scrollHeight) * 100),
      );
  });
  addEventListener('focus', () => clock.setFocused(true));
  addEventListener('blur', () => clock.setFocused(false));
  document.addEventListener('visibilitychange', () => {
    const visible = !document.hidden;
    clock.setVisible(visible);
    visible ? active() : flush();
  });
  // pagehide, not beforeunload: beforeunload keeps the page out of the back/forward cache.
  addEventListener('pagehide', flush);
  setInterval(flush, FLUSH_MS);

  // A block counts as seen once, for a second, at least half of it was in view or it
  // covered at least half of the screen (a section taller than the screen can never be half
  // in view). Steps of 5 % let the observer report both as they happen.
  const timers = new Map<Element, ReturnType<typeof setTimeout>>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const { target, intersectionRatio, intersectionRect, rootBounds } of entries) {
        const inView =
          intersectionRatio >= 0.5 ||
          intersectionRect.height * 2 >= (rootBounds?.height ?? innerHeight);
        if (!inView) {
          clearTimeout(timers.get(target));
          timers.delete(target);
        } else if (!timers.has(target))
          timers.set(
            target,
            setTimeout(() => {
              if (!submitted) push('seen', { block: blockOf(target) });
              observer.unobserve(target);
            }, 1000),
          );
      }
    },
    { threshold: Array.from({ length: 21 }, (_, i) => i / 20) },
  );
  document.querySelectorAll('[data-block-id]').forEach((el) => observer.observe(el));

  const blockOf = (el: Element) =>
    (el.closest('[data-block-id]') as HTMLElement | null)?.dataset.blockId;
  document.addEventListener(
    'click',
    (event) => {
      const el = (event.target as Element).closest('a, button');
      if (!el) return;
      // The server tells an outbound link from its target.
      push('click', {
        block: blockOf(el),
        target: ((el as HTMLAnchorElement).href || el.textContent || '').trim().slice(0, 200),
      });
    },
    true,
  );

  // Events other scripts of ours report (the form script's steps); a submission is sent at once.
  document.addEventListener('k:track', (event) => {
    const { t, ...data } = (event as CustomEvent<{ t: string }>).detail;
    push(t, data);
    if (t == 'form_submit') {
      submitted = true;
      flush();
    }
  });
}

// In banner mode the workspace asks first. The banner script runs before this one: it
// drops the ask-first mark for a visitor who said yes before, and says "k:consent" on accept.
if (page && !nav.globalPrivacyControl && nav.doNotTrack != '1')
  root.dataset.kindlingConsent
    ? document.addEventListener('k:consent', track, { once: true })
    : track();
