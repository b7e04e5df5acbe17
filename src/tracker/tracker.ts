/**
 * Kindling's first-party tracker: what a visitor did on a published page, measured
 * honestly (engaged time, not time since load), batched and sent with sendBeacon. No
 * dependencies; nothing is collected when the browser signals Global Privacy Control or
 * Do Not Track. Only field names are ever sent, never what was typed.
 */
import { engagedClock } from './engaged-clock';
import { parseUtm } from './utm';
import { visitFor, type VisitState } from './visit';

type Event = { t: string; id: string; at: number; [key: string]: unknown };

const ENDPOINT = '/api/t';
const FLUSH_MS = 10_000;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const page = document.documentElement.dataset.kindlingPage;

/** 16 base-36 characters from the CSPRNG (about 82 bits). */
const rid = () =>
  Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b % 36).toString(36)).join('');

function stored(key: string, make: () => string): string {
  try {
    let value = localStorage.getItem(key);
    if (!value) localStorage.setItem(key, (value = make()));
    return value;
  } catch {
    // Storage blocked: a first-party cookie set here, never by the server's page response.
    const found = document.cookie.match(new RegExp(`(?:^|; )${key}=([^;]+)`))?.[1];
    if (found) return found;
    const value = make();
    document.cookie = `${key}=${value}; Max-Age=31536000; Path=/; SameSite=Lax`;
    return value;
  }
}

/** Everything the tracker does, started at once or after the visitor accepts the banner. */
function track(): void {
  const vid = stored('k_vid', rid);
  let visit = visitFor(
    JSON.parse(stored('k_visit', () => 'null')) as VisitState | null,
    Date.now(),
    rid,
  ).state;
  const queue: Event[] = [];
  const mark = (t: string, data: Record<string, unknown>) =>
    queue.push({ t, id: rid(), at: Date.now(), ...data });
  const push = (t: string, data: Record<string, unknown> = {}) => {
    visit = visitFor(visit, Date.now(), rid).state;
    try {
      localStorage.setItem('k_visit', JSON.stringify(visit));
    } catch {
      /* the visit then lasts as long as the page */
    }
    if (mark(t, data) >= 40) flush();
  };

  const clock = engagedClock(
    performance.now(),
    document.visibilityState === 'visible',
    document.hasFocus(),
  );
  let sentEngaged = 0;
  let maxScroll = 0;
  let sentScroll = 0;

  function flush(): void {
    const engaged = clock.read(performance.now());
    if (engaged - sentEngaged >= 500) {
      mark('engaged', { ms: Math.round(engaged - sentEngaged) });
      sentEngaged = engaged;
    }
    if (maxScroll > sentScroll) {
      mark('scroll', { pct: maxScroll });
      sentScroll = maxScroll;
    }
    while (queue.length) {
      const body = JSON.stringify({ v: 1, page, vid, sid: visit.id, events: queue.splice(0, 50) });
      if (!nav.sendBeacon?.(ENDPOINT, body))
        void fetch(ENDPOINT, { method: 'POST', body, keepalive: true }).catch(() => undefined);
    }
  }

  const width = innerWidth;
  push('view', {
    url: (location.pathname + location.search).slice(0, 2000),
    ...(document.referrer ? { ref: document.referrer.slice(0, 2000) } : {}),
    utm: parseUtm(location.search),
    device: width < 768 ? 'mobile' : width < 1024 ? 'tablet' : 'desktop',
    vw: width,
    vh: innerHeight,
    lang: nav.language,
  });

  // Typing, pointing and touching are activity; scrolling is caught by its own listener below.
  const active = () => clock.activity(performance.now());
  for (const type of ['keydown', 'pointerdown', 'pointermove', 'touchstart'])
    addEventListener(type, active, { passive: true, capture: true });
  addEventListener(
    'scroll',
    () => {
      active();
      const doc = document.documentElement;
      const depth = Math.min(
        100,
        Math.round(((scrollY + innerHeight) / Math.max(doc.scrollHeight, 1)) * 100),
      );
      maxScroll = Math.max(maxScroll, depth);
    },
    { passive: true },
  );
  addEventListener('focus', () => clock.setFocused(true, performance.now()));
  addEventListener('blur', () => clock.setFocused(false, performance.now()));
  document.addEventListener('visibilitychange', () => {
    const visible = document.visibilityState === 'visible';
    clock.setVisible(visible, performance.now());
    if (visible) active();
    else flush();
  });
  // pagehide, not beforeunload: beforeunload keeps the page out of the back/forward cache.
  addEventListener('pagehide', flush);
  setInterval(flush, FLUSH_MS);

  // A block counts as seen once at least half of it stayed in view for a second.
  const timers = new Map<Element, number>();
  const observer = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        const el = entry.target as HTMLElement;
        if (entry.isIntersecting) {
          timers.set(
            el,
            window.setTimeout(() => {
              push('seen', { block: el.dataset.blockId });
              observer.unobserve(el);
            }, 1000),
          );
        } else clearTimeout(timers.get(el));
      }
    },
    { threshold: 0.5 },
  );
  document.querySelectorAll('[data-block-id]').forEach((el) => observer.observe(el));

  const blockOf = (el: Element) =>
    (el.closest('[data-block-id]') as HTMLElement | null)?.dataset.blockId;
  document.addEventListener(
    'click',
    (event) => {
      const el = (event.target as Element).closest('a, button');
      if (!el) return;
      const href = el instanceof HTMLAnchorElement ? el.href : '';
      const outbound = !!href && new URL(href).host !== location.host;
      push('click', {
        block: blockOf(el),
        target: (href || el.textContent || '').trim().slice(0, 200),
        outbound,
      });
    },
    true,
  );

  const started = new Set<string>();
  const completed = new Set<string>();
  const formId = (el: Element) =>
    (el.closest('form')?.querySelector('input[name=_form]') as HTMLInputElement | null)?.value;
  document.addEventListener('focusin', (event) => {
    const form = formId(event.target as Element);
    if (form && !started.has(form)) {
      started.add(form);
      push('form_start', { form });
    }
  });
  document.addEventListener('change', (event) => {
    const field = event.target as HTMLInputElement;
    const form = formId(field);
    const key = `${form}.${field.name}`;
    if (form && /^[a-z][a-z0-9_]{0,39}$/.test(field.name) && field.value && !completed.has(key)) {
      completed.add(key);
      push('field', { form, field: field.name });
    }
  });
  document.addEventListener('k:submit', (event) => {
    push('form_submit', { form: (event as CustomEvent<{ form: string }>).detail.form });
    flush();
  });
  document.addEventListener('k:invalid', (event) => {
    const { form, fields } = (event as CustomEvent<{ form: string; fields: string[] }>).detail;
    push('form_error', { form, fields: fields.slice(0, 30) });
  });
}

// In banner mode the workspace asks first: the banner script says "k:consent" on accept.
if (page && !nav.globalPrivacyControl && nav.doNotTrack !== '1') {
  if (document.documentElement.dataset.kindlingConsent && stored('k_consent', () => '') !== 'yes')
    document.addEventListener('k:consent', track, { once: true });
  else track();
}
