import { describe, expect, it } from 'vitest';
import { createOwnerAccount } from '../../src/domain/auth/accounts';
import { createPageFromTemplate } from '../../src/domain/landing-pages/pages';
import { beaconSchema, completeBeacon } from '../../src/domain/tracking/beacon';
import { BeaconWriter } from '../../src/http/beacon-writer';
import { testDb } from '../helpers/db';

const T0 = 1_750_000_000_000;

describe('the beacon writer', () => {
  it('refuses more than its backlog, writes every beacon it took, in lanes by visitor', async () => {
    const db = await testDb();
    const owner = await createOwnerAccount(
      db,
      { name: '', email: 'o@example.com', password: 'long-password-1', workspaceName: 'W' },
      T0,
    );
    if (!owner.ok) throw new Error('owner');
    const page = await createPageFromTemplate(db, {
      workspaceId: owner.value.workspaceId,
      templateId: 'b2b-demo-request',
      now: T0,
    });
    if (!page.ok) throw new Error('page');
    const writer = new BeaconWriter(db, undefined, 3, 6);
    const beaconOf = (visitor: number, n: number) =>
      completeBeacon(
        beaconSchema.parse({
          v: 1,
          page: 'demo-page',
          vid: `visitor-${visitor}-aaaaaaaa`,
          sid: `visit-${visitor}-aaaaaaaaaa`,
          events: [{ t: 'engaged', id: `eng-${visitor}-${n}-xxxx`, at: T0 + n * 1000, ms: 1000 }],
        }),
        { host: 'example.com', acceptLanguage: null },
      );
    let taken = 0;
    for (let i = 0; i < 10; i++) {
      if (writer.full()) break;
      writer.enqueue({
        beacon: beaconOf(i % 2, i),
        pageId: page.value.id,
        workspaceId: owner.value.workspaceId,
        receivedAt: T0,
      });
      taken++;
    }
    expect(taken).toBe(6);
    await writer.flush();
    expect(writer.full()).toBe(false);
    const { n } = await db
      .selectFrom('events')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(n)).toBe(6);
  });
});
