/**
 * Progressive enhancement for lead forms: inline validation with the server's own rules
 * and words (read from data-msg-* attributes), submission with fetch and an idempotency
 * key, retries with backoff when the network drops, and an outbox in localStorage so an
 * unsent submission is sent on the visitor's next visit. Without JavaScript the form
 * still posts as plain HTML.
 */
type Pending = { url: string; body: string; key: string; at: number };
type Field = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

const OUTBOX = 'kindling:outbox';
const MAX_AGE = 7 * 86_400_000;

const readOutbox = (): Pending[] => {
  try {
    return JSON.parse(localStorage.getItem(OUTBOX) ?? '[]') as Pending[];
  } catch {
    return [];
  }
};
const writeOutbox = (items: Pending[]) => {
  try {
    localStorage.setItem(OUTBOX, JSON.stringify(items.filter((p) => Date.now() - p.at < MAX_AGE)));
  } catch {
    /* storage full or blocked: the in-page retry still runs */
  }
};
const forget = (key: string) => writeOutbox(readOutbox().filter((p) => p.key !== key));

function readVisitorId(): string {
  try {
    return localStorage.getItem('k_vid') ?? '';
  } catch {
    return document.cookie.match(/(?:^|; )k_vid=([^;]+)/)?.[1] ?? '';
  }
}

/** The tracker's visit in progress: where a browser shared by two people changes hands. */
function readVisitId(): string {
  try {
    const visit = localStorage.getItem('k_visit') ?? '';
    return (JSON.parse(visit || 'null') as { id?: string } | null)?.id ?? '';
  } catch {
    return '';
  }
}

function newKey(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(18));
  return btoa(String.fromCharCode(...bytes))
    .replace(/\+/g, '-')
    .replace(/\//g, '_');
}

/** Tells the tracker (if it runs: consent, GPC and DNT decide) one step of a form. */
const track = (t: string, form: string, data: object = {}) =>
  document.dispatchEvent(new CustomEvent('k:track', { detail: { ...data, t, form } }));

function messageFor(el: Field): string {
  const v = el.validity;
  const d = el.dataset;
  if (v.valid) return '';
  if (v.valueMissing) return d.msgRequired ?? '';
  if (v.tooShort) return d.msgShort ?? '';
  if (v.tooLong) return d.msgLong ?? '';
  return d.msgInvalid ?? '';
}

function setError(el: Field, message: string): void {
  const id = `${el.id}-error`;
  let node = document.getElementById(id);
  const described = (el.getAttribute('aria-describedby') ?? '')
    .split(' ')
    .filter((x) => x && x !== id);
  if (message) {
    if (!node) {
      node = document.createElement('span');
      node.id = id;
      node.className = 'k-error';
      (el.closest('.k-field') ?? el.parentElement)!.append(node);
    }
    node.textContent = message;
    el.setAttribute('aria-invalid', 'true');
    described.push(id);
  } else {
    node?.remove();
    el.removeAttribute('aria-invalid');
  }
  if (described.length) el.setAttribute('aria-describedby', described.join(' '));
  else el.removeAttribute('aria-describedby');
}

const fieldsOf = (form: HTMLFormElement) => [
  ...form.querySelectorAll<Field>(
    'input[name]:not([type=hidden]):not([name^="_"]), select[name], textarea[name]',
  ),
];

function showErrors(
  form: HTMLFormElement,
  status: HTMLElement,
  errors: Record<string, string>,
  summary: string,
): void {
  let firstBad: Field | undefined;
  for (const el of fieldsOf(form)) {
    const message = errors[el.name] ?? '';
    setError(el, message);
    if (message && !firstBad) firstBad = el;
  }
  status.textContent = summary;
  firstBad?.focus();
}

type Download = { url: string; label: string };

function done(form: HTMLFormElement, message: string, download: Download | null): void {
  const box = document.createElement('div');
  box.className = 'k-form-done';
  box.tabIndex = -1;
  box.setAttribute('role', 'status');
  const p = document.createElement('p');
  p.className = 'k-lead';
  p.textContent = message;
  box.append(p);
  // The server checked the address when the form was saved (web, mail or a site path).
  if (download) {
    const link = document.createElement('a');
    link.className = 'k-btn';
    link.href = download.url;
    link.setAttribute('download', '');
    link.textContent = download.label;
    box.append(link);
  }
  form.replaceWith(box);
  box.focus();
}

async function send(
  pending: Pending,
  form: HTMLFormElement | null,
  status: HTMLElement | null,
  attempt = 0,
): Promise<void> {
  const button = form?.querySelector<HTMLButtonElement>('button[type=submit]');
  let res: Response;
  try {
    res = await fetch(pending.url, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/x-www-form-urlencoded' },
      body: pending.body,
      credentials: 'same-origin',
    });
  } catch {
    return retryLater(
      pending,
      form,
      status,
      attempt,
      'You seem to be offline. Your answers are saved and will be sent as soon as you are back.',
    );
  }
  if (res.status >= 500 || res.status === 429) {
    const after = Number(res.headers.get('retry-after')) * 1000;
    return retryLater(
      pending,
      form,
      status,
      attempt,
      'We could not send your answers yet. Retrying…',
      after || undefined,
    );
  }
  forget(pending.key);
  if (button) button.disabled = false;
  const json = (await res.json().catch(() => ({}))) as {
    ok?: boolean;
    message?: string;
    download?: Download | null;
    next?: string;
    redirect?: boolean;
    error?: { message: string; fields?: Record<string, string> };
  };
  if (!form || !status) return;
  if (res.ok && json.ok)
    return json.redirect && json.next
      ? location.assign(json.next)
      : done(form, json.message ?? 'Thank you!', json.download ?? null);
  showErrors(
    form,
    status,
    json.error?.fields ?? {},
    json.error?.message ?? 'Something went wrong. Please try again.',
  );
}

function retryLater(
  pending: Pending,
  form: HTMLFormElement | null,
  status: HTMLElement | null,
  attempt: number,
  message: string,
  afterMs?: number,
): void {
  if (status) status.textContent = message;
  const delay = afterMs ?? Math.min(30_000, 1000 * 2 ** attempt);
  let fired = false;
  const again = () => {
    if (fired) return;
    fired = true;
    removeEventListener('online', again);
    void send(pending, form, status, attempt + 1);
  };
  addEventListener('online', again);
  setTimeout(again, delay);
}

function enhance(form: HTMLFormElement): void {
  const status = form.querySelector<HTMLElement>('[data-form-status]')!;
  const params = new URLSearchParams(location.search);
  for (const hidden of form.querySelectorAll<HTMLInputElement>('input[type=hidden][data-param]'))
    if (!hidden.value) hidden.value = params.get(hidden.dataset.param!) ?? '';
  let key = '';
  let tried = false;
  const formId = form.querySelector<HTMLInputElement>('input[name=_form]')!.value;
  // Form steps for scoring and analytics: field names only, never what was typed.
  let started = false;
  form.addEventListener('focusin', () => {
    if (!started) track('form_start', formId);
    started = true;
  });
  const completed = new Set<string>();
  for (const el of fieldsOf(form)) {
    const check = () => tried && setError(el, messageFor(el));
    el.addEventListener('blur', check);
    el.addEventListener('change', () => {
      check();
      if (el.value && !completed.has(el.name) && /^[a-z][a-z0-9_]{0,39}$/.test(el.name)) {
        completed.add(el.name);
        track('field', formId, { field: el.name });
      }
    });
    el.addEventListener(
      'input',
      () => el.getAttribute('aria-invalid') && setError(el, messageFor(el)),
    );
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    tried = true;
    const errors: Record<string, string> = {};
    for (const el of fieldsOf(form)) if (messageFor(el)) errors[el.name] = messageFor(el);
    const count = Object.keys(errors).length;
    if (count) {
      track('form_error', formId, { fields: Object.keys(errors).slice(0, 30) });
      return showErrors(
        form,
        status,
        errors,
        `Please check ${count} field${count === 1 ? '' : 's'}.`,
      );
    }
    key ||= newKey();
    const data = new URLSearchParams(new FormData(form) as unknown as Record<string, string>);
    data.set('_key', key);
    data.set('_elapsed', String(Math.round(performance.now())));
    // The tracker's visitor id links this visitor's history to the lead.
    data.set('_vid', readVisitorId());
    data.set('_sid', readVisitId());
    // How they arrived travels with the submission: the tracker may not have flushed yet.
    data.set('_landing', location.pathname + location.search);
    data.set('_referrer', document.referrer);
    const pending: Pending = { url: form.action, body: data.toString(), key, at: Date.now() };
    writeOutbox([...readOutbox().filter((p) => p.key !== key), pending]);
    form.querySelector<HTMLButtonElement>('button[type=submit]')!.disabled = true;
    status.textContent = 'Sending…';
    track('form_submit', formId);
    void send(pending, form, status);
  });
}

const forms = [...document.querySelectorAll<HTMLFormElement>('form[data-kindling-form]')];
forms.forEach(enhance);
// Submissions a network failure kept from arriving last time: send them now, once each.
for (const pending of readOutbox()) {
  const form = forms.find((f) => f.action === pending.url) ?? null;
  const status = form?.querySelector<HTMLElement>('[data-form-status]') ?? null;
  if (new URL(pending.url).origin === location.origin) void send(pending, form, status);
}
