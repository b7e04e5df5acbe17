import { describe, expect, it } from 'vitest';
import { engagedClock, IDLE_AFTER_MS } from '../../src/tracker/engaged-clock';
import { deviceFor, parseUtm } from '../../src/domain/tracking/utm';
import { VISIT_GAP_MS, visitFor } from '../../src/tracker/visit';

/** The clock read through a fake time source: `at(ms)` moves time to ms and hands the clock. */
function fakeClock(visible?: boolean, focused?: boolean) {
  let time = 0;
  const clock = engagedClock(() => time, visible, focused);
  return (ms: number) => {
    time = ms;
    return clock;
  };
}

describe('engaged-time clock (fake clock)', () => {
  it('counts only while visible, focused and recently active', () => {
    const at = fakeClock();
    at(5_000).activity();
    expect(at(10_000).read()).toBe(10_000);
    at(10_000).setVisible(false); // switched tab
    expect(at(60_000).read()).toBe(10_000);
    at(60_000).setVisible(true); // back, and moves the pointer: counts again
    at(60_000).activity();
    expect(at(70_000).read()).toBe(20_000);
  });

  it('stops counting 15 s after the last activity, and resumes on the next', () => {
    const at = fakeClock();
    expect(at(60_000).read()).toBe(IDLE_AFTER_MS);
    at(100_000).activity();
    expect(at(103_000).read()).toBe(IDLE_AFTER_MS + 3_000);
  });

  it('pauses while the window is blurred', () => {
    const at = fakeClock();
    at(4_000).setFocused(false);
    at(8_000).activity(); // pointer moves over an unfocused window: still not engaged
    expect(at(12_000).read()).toBe(4_000);
    at(12_000).setFocused(true);
    expect(at(14_000).read()).toBe(6_000);
  });

  it('an idle stretch inside a hidden spell is not counted twice or at all', () => {
    const at = fakeClock();
    at(10_000).setVisible(false);
    at(40_000).setVisible(true); // back, but no input yet: idle since 0 + 15 s
    expect(at(50_000).read()).toBe(10_000);
    at(50_000).activity();
    expect(at(52_500).read()).toBe(12_500);
  });

  it('starts at zero when the page opens hidden (a background tab)', () => {
    expect(fakeClock(false, false)(30_000).read()).toBe(0);
  });
});

describe('visit splitting', () => {
  let n = 0;
  const id = () => `v${++n}`;
  it('keeps events within 30 minutes in one visit and starts a new one after', () => {
    const first = visitFor(null, 0, id);
    expect(first.id).toMatch(/^v\d+$/);
    const same = visitFor(first, VISIT_GAP_MS - 1, id);
    expect(same).toEqual({ id: first.id, at: VISIT_GAP_MS - 1 });
    const next = visitFor(same, same.at + VISIT_GAP_MS, id);
    expect(next.id).not.toBe(first.id);
  });

  it('starts a new visit when the clock jumps backwards, not for a small skew', () => {
    const state = { id: 'x', at: 10 * 60_000 };
    expect(visitFor(state, 0, id).id).not.toBe('x');
    expect(visitFor(state, 10 * 60_000 - 30_000, id)).toEqual(state);
  });
});

describe('UTM parsing', () => {
  it('reads utm_* parameters, trimmed and bounded, and ignores the rest', () => {
    expect(
      parseUtm('?utm_source=linkedin&utm_medium=%20paid%20&utm_campaign=q4&x=1&utm_term='),
    ).toEqual({
      source: 'linkedin',
      medium: 'paid',
      campaign: 'q4',
    });
    expect(parseUtm(`?utm_content=${'a'.repeat(500)}`).content).toHaveLength(100);
    expect(parseUtm('')).toEqual({});
  });

  it('reads them from a landing path with its query, and finds none in a bare path', () => {
    expect(parseUtm('/p/launch?utm_source=news&utm_campaign=nov')).toEqual({
      source: 'news',
      campaign: 'nov',
    });
    expect(parseUtm('/p/launch')).toEqual({});
  });
});

describe('device class from the viewport', () => {
  it('splits at the CSS breakpoints', () => {
    expect([360, 767, 768, 1023, 1024, 1920].map(deviceFor)).toEqual([
      'mobile',
      'mobile',
      'tablet',
      'tablet',
      'desktop',
      'desktop',
    ]);
  });
});
