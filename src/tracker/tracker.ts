/**
 * Kindling's first-party tracker: what a visitor did on a published page, measured
 * honestly (engaged time, not time since load), batched and sent with sendBeacon. No
 * dependencies; nothing is collected when the browser signals Global Privacy Control or
 * Do Not Track. Only field names are ever sent, never what was typed.
 */
import { EngagedClock } from './engaged-clock';
import { parseUtm } from './utm';
import { visitFor, type VisitState } from './visit';

type Event = { t: string; id: string; at: number; [key: string]: unknown };

const ENDPOINT = '/api/t';
const FLUSH_MS = 10_000;
const nav = navigator as Navigator & { globalPrivacyControl?: boolean };
const page = document.documentElement.dataset.kindlingPage;

const rid = () => {
  const bytes = crypto.getRandomValues(new Uint8Array(12));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
};

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

function readVisit(): VisitState | null {
  try {
    return JSON.parse(localStorage.getItem('k_visit') ?? 'null') as VisitState | null;
  } catch {
    return null;
  }
}

if (page && !nav.globalPrivacyControl && nav.doNotTrack !== '1') {
  const vid = stored('k_vid', rid);
  let visit = visitFor(readVisit(), Date.now(), rid).state;
  const queue: Event[] = [];
  const push = (t: string, data: Record<string, unknown> = {}) => {
    const now = Date.now();
    visit = visitFor(visit, now, rid).state;
    try {
      localStorage.setItem('k_visit', JSON.stringify(visit));
    } catch {
      /* the visit then lasts as long as the page */
    }
    queue.push({ t, id: rid(), at: now, ...data });
    if (queue.length >= 40) flush();
  };

  const clock = new EngagedClock(
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
      queue.push({
        t: 'engaged',
        id: rid(),
        at: Date.now(),
        ms: Math.round(engaged - sentEngaged),
      });
      sentEngaged = engaged;
    }
    if (maxScroll > sentScroll) {
      queue.push({ t: 'scroll', id: rid(), at: Date.now(), pct: maxScroll });
      sentScroll = maxScroll;
    }
    while (queue.length) {
      const body = JSON.stringify({ v: 1, page, vid, sid: visit.id, events: queue.splice(0, 50) });
      if (!nav.sendBeacon?.(ENDPOINT, body))
        void fetch(ENDPOINT, {
          method: 'POST',
          body,
          keepalive: true,
          headers: { 'content-type': 'text/plain' },
        }).catch(() => undefined);
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

  const active = () => clock.activity(performance.now());
  for (const type of ['keydown', 'input', 'pointerdown', 'pointermove', 'wheel', 'touchstart'])
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
  document.addEventListener('kindling:submit', (event) => {
    push('form_submit', { form: (event as CustomEvent<{ form: string }>).detail.form });
    flush();
  });
  document.addEventListener('kindling:invalid', (event) => {
    const { form, fields } = (event as CustomEvent<{ form: string; fields: string[] }>).detail;
    push('form_error', { form, fields: fields.slice(0, 30) });
  });
}
