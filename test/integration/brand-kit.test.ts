import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTemplates } from '../../src/domain/templates/catalog';
import { OWNER, publishTemplatePage, setUpOwner, type Client } from '../helpers/http-session';
import { startServer, type TestServer } from '../helpers/server';

/* Issue 29.6: the templates named their sample company (the B2B one eleven times, the
   consent label and the footer's address included). A workspace's brand kit fills them. */
const YEAR = new Date().getUTCFullYear();
let server: TestServer;
let owner: Client;
const ACME = {
  ...OWNER,
  workspaceName: 'Acme Rockets',
  legalName: 'Acme Rockets Inc.',
  address: '1 Launch Way, Austin, TX',
  contactEmail: 'hello@acme-rockets.example',
};
beforeAll(async () => {
  server = await startServer();
  owner = await setUpOwner(server.url, ACME);
});
afterAll(async () => {
  await server?.stop();
});

const textOf = async (path: string) => {
  const res = await fetch(`${server.url}${path}`);
  expect(res.status, path).toBe(200);
  return (await res.text()).replace(/&amp;/g, '&').replace(/&#39;|&rsquo;/g, '’');
};

describe('the brand kit, asked for at set-up', () => {
  it.each(listTemplates().map((t) => [t.id, t.brand!] as const))(
    '%s speaks for Acme Rockets, with no sample company left anywhere',
    async (id, sample) => {
      expect(sample.names.length).toBeGreaterThan(0);
      const { slug } = await publishTemplatePage(owner, id);
      const pages = await Promise.all(
        [`/p/${slug}`, `/p/${slug}/thanks`, `/p/${slug}/privacy`, `/p/${slug}/terms`].map(textOf),
      );
      for (const html of pages)
        for (const name of [...sample.names, ...sample.legalNames])
          expect(html, `${id} still names ${name}`).not.toContain(name);
      const [page, , privacy] = pages;
      expect(page).toContain('Acme Rockets');
      expect(page).toContain(`© ${YEAR} Acme Rockets Inc. · 1 Launch Way, Austin, TX`);
      expect(privacy).toContain('Acme Rockets Inc. (1 Launch Way, Austin, TX) publishes this page');
      expect(privacy).toContain('hello@acme-rockets.example');
    },
  );

  it('is kept in Settings, and a changed kit speaks on the next page made', async () => {
    await owner.page('/admin/settings');
    const saved = await owner.post('/admin/settings/workspace', {
      _action: 'workspace',
      workspaceName: 'Acme Rockets',
      legalName: 'Acme Rocketry GmbH',
      address: '',
      contactEmail: 'not an address',
    });
    expect(saved.status).toBe(422);
    expect(await saved.text()).toContain('Contact email: enter an address like hello@example.com.');
    await owner.page('/admin/settings');
    const fixed = await owner.post('/admin/settings/workspace', {
      _action: 'workspace',
      workspaceName: 'Acme Rockets',
      legalName: 'Acme Rocketry GmbH',
      address: '',
      contactEmail: '',
    });
    expect(fixed.status).toBe(303);
    const { html } = await owner.page('/admin/settings/workspace');
    expect(html).toContain('value="Acme Rocketry GmbH"');
    const { slug } = await publishTemplatePage(owner, 'b2b-demo-request');
    const page = await textOf(`/p/${slug}`);
    expect(page).toContain(`© ${YEAR} Acme Rocketry GmbH<`);
    expect(page).toContain('I agree that Acme Rockets may contact me');
  });

  it('takes a logo from the uploaded images: the footer of pages made since shows it', async () => {
    const png = await sharp({
      create: { width: 200, height: 60, channels: 3, background: '#c2410c' },
    })
      .png()
      .toBuffer();
    const form = new FormData();
    form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'acme-logo.png');
    const uploaded = await owner.request('/api/admin/assets', {
      method: 'POST',
      headers: { 'x-csrf-token': owner.csrf },
      body: form,
    });
    expect(uploaded.status).toBe(201);
    const { asset } = (await uploaded.json()) as { asset: { url: string; id: string } };
    const { html } = await owner.page('/admin/settings/workspace');
    expect(html).toMatch(new RegExp(`<option value="${asset.url}"[^>]*>\\s*acme-logo\\.png`));
    const saved = await owner.post('/admin/settings/workspace', {
      _action: 'workspace',
      workspaceName: 'Acme Rockets',
      legalName: 'Acme Rockets Inc.',
      logoUrl: asset.url,
    });
    expect(saved.status).toBe(303);
    // Only an uploaded image is taken: an address elsewhere would be loaded before consent.
    await owner.page('/admin/settings');
    const elsewhere = await owner.post('/admin/settings/workspace', {
      _action: 'workspace',
      workspaceName: 'Acme Rockets',
      logoUrl: 'https://tracker.example/logo.png',
    });
    expect(elsewhere.status).toBe(422);
    expect(await elsewhere.text()).toContain('Logo: pick an image uploaded to Images.');
    const { slug } = await publishTemplatePage(owner, 'saas-free-trial');
    const page = await textOf(`/p/${slug}`);
    expect(page).toMatch(new RegExp(`<footer class="k-footer">[\\s\\S]*<img src="${asset.url}"`));
    // The logo cannot be deleted from under the brand kit.
    await owner.page('/admin/assets');
    const gone = await owner.post('/admin/assets', { _action: 'delete', asset: asset.id });
    expect(await gone.text()).toMatch(/used on|brand kit's logo/);
  });
});
