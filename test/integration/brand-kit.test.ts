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
    const saved = await owner.post('/admin/settings', {
      _action: 'workspace',
      workspaceName: 'Acme Rockets',
      legalName: 'Acme Rocketry GmbH',
      address: '',
      contactEmail: 'not an address',
    });
    expect(saved.status).toBe(422);
    expect(await saved.text()).toContain('Contact email: enter an address like hello@example.com.');
    await owner.page('/admin/settings');
    const fixed = await owner.post('/admin/settings', {
      _action: 'workspace',
      workspaceName: 'Acme Rockets',
      legalName: 'Acme Rocketry GmbH',
      address: '',
      contactEmail: '',
    });
    expect(fixed.status).toBe(303);
    const { html } = await owner.page('/admin/settings');
    expect(html).toContain('value="Acme Rocketry GmbH"');
    const { slug } = await publishTemplatePage(owner, 'b2b-demo-request');
    const page = await textOf(`/p/${slug}`);
    expect(page).toContain(`© ${YEAR} Acme Rocketry GmbH<`);
    expect(page).toContain('I agree that Acme Rockets may contact me');
  });
});
