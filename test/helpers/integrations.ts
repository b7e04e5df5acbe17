import type { Client } from './http-session';

/** Settings → Webhooks, where an owner manages webhook endpoints. */
export const INTEGRATIONS = '/admin/settings/integrations';

/** Adds an endpoint through the owner's form; its id and the secret shown once. */
export async function addEndpoint(owner: Client, url: string, events: string[] = ['lead.created']) {
  await owner.page(INTEGRATIONS);
  const res = await owner.post(INTEGRATIONS, { _action: 'create', url, events });
  const html = await res.text();
  if (res.status !== 201) throw new Error(`endpoint refused: ${res.status} ${html.slice(0, 2000)}`);
  const secret = /value="(whsec_[^"]+)"/.exec(html)![1]!;
  const id = /data-secret-for="([^"]+)"/.exec(html)![1]!;
  return { id, secret };
}

/** Turns an endpoint on or off through the owner's form. */
export async function setEndpointEnabled(owner: Client, endpoint: string, enabled: boolean) {
  await owner.page(INTEGRATIONS);
  const res = await owner.post(INTEGRATIONS, {
    _action: enabled ? 'enable' : 'disable',
    endpoint,
  });
  if (res.status >= 400)
    throw new Error(`endpoint not ${enabled ? 'enabled' : 'disabled'}: ${res.status}`);
}
