import { describe, expect, it } from 'vitest';
import { describeActivity, leadTimeline } from '../../src/domain/leads/timeline';

describe('lead timeline', () => {
  it('merges visits with their figures into the entries, newest first, without the duplicate touch', () => {
    const entries = leadTimeline({
      activity: [
        { type: 'note', at: 300, data: { text: 'Call back <b>Friday</b>' }, actor: 'Olivia' },
        { type: 'visit', at: 200, data: { source: 'newsletter' }, actor: null },
        { type: 'status_change', at: 250, data: { from: 'new', to: 'contacted' }, actor: 'Olivia' },
        { type: 'submission', at: 100, data: { purpose: 'demo' }, actor: null },
      ],
      visits: [
        {
          at: 200,
          pageTitle: 'Pricing',
          engagedMs: 95_000,
          maxScroll: 80,
          sectionsSeen: 4,
          source: 'newsletter',
        },
        {
          at: 50,
          pageTitle: 'Home',
          engagedMs: 4_000,
          maxScroll: 20,
          sectionsSeen: 1,
          source: 'direct',
        },
      ],
    });
    expect(entries.map((e) => [e.at, e.kind, e.title])).toEqual([
      [300, 'note', 'Note'],
      [250, 'status_change', 'Moved from New to Contacted'],
      [200, 'visit', 'Visited Pricing (from newsletter)'],
      [100, 'submission', 'Submitted a demo form'],
      [50, 'visit', 'Visited Home (from direct)'],
    ]);
    expect(entries[0]!.detail).toBe('Call back <b>Friday</b>');
    expect(entries[2]!.detail).toBe('Read for 1 min 35 s, scrolled 80 %, saw 4 sections');
    expect(entries[4]!.detail).toBe('Read for 4 s, scrolled 20 %, saw 1 section');
  });

  it('describes unknown kinds by their type rather than failing', () => {
    expect(describeActivity({ type: 'mystery', data: {} })).toBe('mystery');
    expect(describeActivity({ type: 'assignment', data: { to: null } })).toBe('Unassigned');
  });
});
