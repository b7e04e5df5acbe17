import type { PageDocumentInput } from '../../src/domain/landing-pages/document';

/**
 * A tiny cookie-keeping HTTP client that behaves like a same-origin browser form: it sends
 * Origin, keeps cookies and reads the CSRF token from the last admin page it loaded.
 */
/** An ordinary browser's user agent: Node's own ("node") is rightly taken for a bot. */
export const PERSON_UA =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15';

export class Client {
  private cookies = new Map<string, string>();
  csrf = '';
  constructor(readonly base: string) {}

  async request(
    path: string,
    init: RequestInit & { form?: Record<string, string | string[]> } = {},
  ): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.cookies.size)
      headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; '));
    if (!headers.has('origin')) headers.set('origin', this.base);
    if (!headers.has('user-agent')) headers.set('user-agent', PERSON_UA);
    let body = init.body;
    if (init.form) {
      const params = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form))
        for (const one of [v].flat()) params.append(k, one);
      body = params.toString();
      headers.set('content-type', 'application/x-www-form-urlencoded');
    }
    const res = await fetch(this.base + path, { ...init, body, headers, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const [name, ...rest] = pair!.split('=');
      const value = rest.join('=');
      if (/max-age=0|expires=thu, 01 jan 1970/i.test(line) || value === '')
        this.cookies.delete(name!);
      else this.cookies.set(name!, value);
    }
    return res;
  }

  /** GETs an HTML page and remembers its CSRF token. */
  async page(path: string): Promise<{ status: number; html: string }> {
    const res = await this.request(path);
    const html = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(html);
    if (token) this.csrf = token[1]!;
    return { status: res.status, html };
  }

  post(path: string, form: Record<string, string | string[]>): Promise<Response> {
    return this.request(path, { method: 'POST', form: { _csrf: this.csrf, ...form } });
  }

  /** Drops the session cookie only, as signing out does; other cookies stay. */
  forgetSession(): void {
    for (const k of [...this.cookies.keys()])
      if (k.includes('kindling_session')) this.cookies.delete(k);
  }

  hasSession(): boolean {
    return [...this.cookies.keys()].some((k) => k.includes('kindling_session'));
  }
}

export const OWNER = {
  name: 'Olivia Owner',
  email: 'owner@example.com',
  password: 'correct-horse-battery',
  workspaceName: 'Acme Inc',
};

/** Creates the owner account on a fresh server and returns a signed-in client. */
export async function setUpOwner(base: string, owner = OWNER): Promise<Client> {
  const client = new Client(base);
  const res = await client.post('/admin/setup', owner);
  if (res.status !== 303) throw new Error(`setup failed: ${res.status} ${await res.text()}`);
  await client.page('/admin');
  return client;
}

/** Signs an existing account in through the login form and returns its client. */
export async function signIn(base: string, email: string, password: string): Promise<Client> {
  const client = new Client(base);
  await client.page('/admin/login');
  const res = await client.post('/admin/login', { email, password });
  if (res.status !== 303) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
  await client.page('/admin');
  return client;
}

/** A second workspace, to prove that one workspace never reaches another's data. */
export const OUTSIDER = {
  email: 'outsider@example.com',
  password: 'outsider-long-password',
  workspaceName: 'Elsewhere',
};

/** Signs a new workspace up through the public sign-up and returns its signed-in client. */
export async function signUpOutsider(base: string, who = OUTSIDER): Promise<Client> {
  const res = await new Client(base).post('/signup', who);
  if (res.status !== 303) throw new Error(`sign-up failed: ${res.status} ${await res.text()}`);
  return signIn(base, who.email, who.password);
}

/** The draft as the editor's API gives it. */
export async function readDraft(client: Client, pageId: string) {
  const res = await client.request(`/api/admin/pages/${pageId}`);
  if (res.status !== 200) throw new Error(`draft read failed: ${res.status}`);
  return (
    (await res.json()) as {
      page: { revision: number; slug: string; title: string; document: PageDocumentInput };
    }
  ).page;
}

/** Saves a draft through the editor's API, as the editor's autosave does. */
export function saveDraftApi(
  client: Client,
  pageId: string,
  draft: { title: string; slug: string; revision: number; document: unknown },
) {
  return client.request(`/api/admin/pages/${pageId}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', 'x-csrf-token': client.csrf },
    body: JSON.stringify(draft),
  });
}

/** Creates a page from the demo template through the admin and publishes it. */
export async function publishTemplatePage(
  client: Client,
  templateId = 'b2b-demo-request',
): Promise<{ pageId: string; slug: string; editPath: string }> {
  const created = await client.post('/admin/pages/new', { template: templateId });
  const editPath = created.headers.get('location');
  if (created.status !== 303 || !editPath) throw new Error(`create failed: ${created.status}`);
  const pageId = editPath.split('/').at(-2)!;
  const { revision, slug } = await readDraft(client, pageId);
  const published = await client.post(editPath, { _action: 'publish', revision: String(revision) });
  if (published.status !== 303)
    throw new Error(`publish failed: ${published.status} ${await published.text()}`);
  return { pageId, slug, editPath };
}

/** The demo template's form, filled in as a person would. */
export const DEMO_ANSWERS = {
  _form: 'demo-form',
  name: 'Jordan Lee',
  email: 'jordan@northwind.com',
  company: 'Northwind',
  team_size: '6–20',
  timeline: 'This month',
  phone: '',
  consent: 'on',
};

/** A lead form submission as the form script sends it: urlencoded, asking for JSON. */
export function postLead(
  base: string,
  pageSlug: string,
  answers: Record<string, string>,
  headers: Record<string, string> = {},
) {
  return fetch(`${base}/p/${pageSlug}`, {
    method: 'POST',
    body: new URLSearchParams({ _elapsed: '25000', ...answers }),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      accept: 'application/json',
      'user-agent': PERSON_UA,
      ...headers,
    },
  });
}

/** A member who joined by an invitation the owner made on the Team page; their client. */
export async function joinByInvitation(
  owner: Client,
  base: string,
  role: 'owner' | 'editor' | 'viewer',
  account: { name: string; email: string; password: string },
): Promise<Client> {
  await owner.page('/admin/team');
  const res = await owner.post('/admin/team', { _action: 'invite', role });
  const link = /id="invite-url"[^>]*value="([^"]+)"/.exec(await res.text())![1]!;
  const path = new URL(link).pathname;
  const member = new Client(base);
  await member.page(path);
  const joined = await member.post(path, account);
  if (joined.status !== 303) throw new Error(`joining failed: ${joined.status}`);
  return member;
}

/**
 * An API key made by a member in Settings → API keys, as a person would: the value shown
 * once on the page that answers (201).
 */
export async function makeApiKey(client: Client, name: string, access: 'read' | 'read_write') {
  const keys = '/admin/settings/api-keys';
  await client.page(keys);
  const res = await client.post(keys, { _action: 'create-key', name, access });
  if (res.status !== 201) throw new Error(`API key not made: ${res.status}`);
  return /value="(kdl_[^"]+)"/.exec(await res.text())![1]!;
}
