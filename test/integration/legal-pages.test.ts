import { describe, expect, it } from 'vitest';
import { withPublishedPage } from '../helpers/fixtures';

const fx = withPublishedPage();
const pageHtml = async () => (await fetch(`${fx.server.url}/p/${fx.slug}`)).text();

async function saveLegal(form: Record<string, string>) {
  await fx.owner.page('/admin/settings');
  return fx.owner.post('/admin/settings/legal', {
    _action: 'legal',
    privacyUrl: '',
    termsUrl: '',
    privacyText: '',
    termsText: '',
    ...form,
  });
}

describe('privacy policy and terms', () => {
  it('publishes a plain notice beside every page until the owner writes their own', async () => {
    const html = await pageHtml();
    expect(html).toContain(`href="/p/${fx.slug}/privacy"`);
    expect(html).not.toMatch(/href="\/(privacy|terms)"/);
    const privacy = await fetch(`${fx.server.url}/p/${fx.slug}/privacy`);
    expect(privacy.status).toBe(200);
    const text = await privacy.text();
    expect(text).toContain('Privacy policy');
    expect(text).toContain('does not sell what you send');
    expect(text).toContain('deleted after 180 days');
    expect((await fetch(`${fx.server.url}/p/${fx.slug}/terms`)).status).toBe(200);
    expect((await fetch(`${fx.server.url}/p/${fx.slug}/cookies`)).status).toBe(404);
    expect((await fetch(`${fx.server.url}/p/no-such-page/privacy`)).status).toBe(404);
  });

  it("publishes the owner's text, escaped, and links to the owner's own addresses when set", async () => {
    const saved = await saveLegal({
      privacyText: 'We keep your answers.\n\nAsk us to delete them: <script>alert(1)</script>',
      termsUrl: 'https://example.com/terms',
    });
    expect(saved.status).toBe(303);
    const privacy = await (await fetch(`${fx.server.url}/p/${fx.slug}/privacy`)).text();
    expect(privacy).toContain('<p>We keep your answers.</p>');
    expect(privacy).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const html = await pageHtml();
    expect(html).toContain('href="https://example.com/terms"');
    expect(html).toContain(`href="/p/${fx.slug}/privacy"`);
  });

  it('refuses an address that is not a web address, saying which', async () => {
    const res = await saveLegal({ privacyUrl: 'javascript:alert(1)' });
    expect(res.status).toBe(422);
    expect(await res.text()).toContain('Privacy policy address: a web address');
  });
});
