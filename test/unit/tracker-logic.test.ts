import { describe, expect, it } from 'vitest';
import { engagedClock, IDLE_AFTER_MS } from '../../src/tracker/engaged-clock';
import { parseUtm } from '../../src/tracker/utm';
import { VISIT_GAP_MS, visitFor } from '../../src/tracker/visit';

describe('engaged-time clock (fake clock)', () => {
  it('counts only while visible, focused and recently active', () => {
    const clock = engagedClock(0);
    clock.activity(5_000);
    expect(clock.read(10_000)).toBe(10_000);
    clock.setVisible(false, 10_000); // switched tab
    expect(clock.read(60_000)).toBe(10_000);
    clock.setVisible(true, 60_000); // back, and moves the pointer: counts again
    clock.activity(60_000);
    expect(clock.read(70_000)).toBe(20_000);
  });

  it('stops counting 15 s after the last activity, and resumes on the next', () => {
    const clock = engagedClock(0);
    expect(clock.read(60_000)).toBe(IDLE_AFTER_MS);
    clock.activity(100_000);
    expect(clock.read(103_000)).toBe(IDLE_AFTER_MS + 3_000);
  });

  it('pauses while the window is blurred', () => {
    const clock = engagedClock(0);
    clock.setFocused(false, 4_000);
    clock.activity(8_000); // pointer moves over an unfocused window: still not engaged
    expect(clock.read(12_000)).toBe(4_000);
    clock.setFocused(true, 12_000);
    expect(clock.read(14_000)).toBe(6_000);
  });

  it('starts at zero when the page opens hidden (a background tab)', () => {
    const clock = engagedClock(0, false, false);
    expect(clock.read(30_000)).toBe(0);
  });
});

describe('visit splitting', () => {
  let n = 0;
  const id = () => `v${++n}`;
  it('keeps events within 30 minutes in one visit and starts a new one after', () => {
    const first = visitFor(null, 0, id);
    expect(first.isNew).toBe(true);
    const same = visitFor(first.state, VISIT_GAP_MS - 1, id);
    expect(same).toEqual({
      state: { id: first.state.id, lastEventAt: VISIT_GAP_MS - 1 },
      isNew: false,
    });
    const next = visitFor(same.state, same.state.lastEventAt + VISIT_GAP_MS, id);
    expect(next.isNew).toBe(true);
    expect(next.state.id).not.toBe(first.state.id);
  });

  it('starts a new visit when the clock jumps backwards', () => {
    expect(visitFor({ id: 'x', lastEventAt: 10 * 60_000 }, 0, id).isNew).toBe(true);
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
});
