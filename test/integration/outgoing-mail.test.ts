import { describe, expect, it } from 'vitest';
import { withPublishedPage } from '../helpers/fixtures';
import { Client, DEMO_ANSWERS, OWNER, joinByInvitation, postLead } from '../helpers/http-session';

/* No SMTP server configured (the default): nothing is lost, every mail is kept and shown. */
const fx = withPublishedPage();

async function outgoing(until: (html: string) => boolean) {
  for (let i = 0; i < 50; i++) {
    const page = await fx.owner.page('/admin/settings/mail');
    if (until(page.html)) return page;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('outgoing mail never showed it');
}

describe('outgoing mail without SMTP', () => {
  it('keeps every alert and lists it for owners, with a banner saying how to deliver', async () => {
    const lead = { ...DEMO_ANSWERS, name: '<img src=x onerror=alert(1)>' };
    expect((await postLead(fx.server.url, fx.slug, lead)).status).toBe(200);
    const page = await outgoing((html) => html.includes('Hot lead:'));
    expect(page.status).toBe(200);
    expect(page.html).toContain('Mail is not delivered');
    expect(page.html).toContain('SMTP_URL');
    expect(page.html).toContain('Kept, not delivered');
    expect(page.html).toContain(`to ${OWNER.email}`);
    expect(page.html).not.toContain('<img src=x');
    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    // Settings says so too.
    expect((await fx.owner.page('/admin/settings')).html).toContain(
      'No SMTP server is configured: every mail Kindling would send is kept here.',
    );
  });

  it('never lists a password reset, whose link would hand over a teammate’s account', async () => {
    const visitor = new Client(fx.server.url);
    await visitor.page('/admin/forgot-password');
    const res = await visitor.post('/admin/forgot-password', { email: OWNER.email });
    expect(res.status).toBe(200);
    expect(await res.text()).toContain('npm run user:reset-password');
    const page = await fx.owner.page('/admin/settings/mail');
    expect(page.html).not.toContain('reset-password?token=');
    expect(page.html).not.toContain('Choose a new Kindling password');
  });

  it('is for owners only', async () => {
    const editor = await joinByInvitation(fx.owner, fx.server.url, 'editor', {
      name: 'Ed',
      email: 'ed@example.com',
      password: 'eds-long-password',
    });
    const page = await editor.page('/admin/settings/mail');
    expect(page.status).toBe(403);
    expect(page.html).not.toContain('Hot lead:');
  });
});
