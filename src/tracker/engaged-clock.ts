/**
 * Engaged time: the page is visible, the window focused, and the visitor did something
 * (input, scroll, pointer) in the last 15 seconds. Time is wall-clock only while all three
 * hold, so a tab left open over lunch counts for nothing. Pure: the caller passes `now`.
 * A closure rather than a class, so the minifier can shorten every name in the tracker.
 */
export const IDLE_AFTER_MS = 15_000;

export type EngagedClock = {
  /** Engaged milliseconds so far. */
  read(now: number): number;
  setVisible(visible: boolean, now: number): void;
  setFocused(focused: boolean, now: number): void;
  /** Input, scroll or pointer movement. */
  activity(now: number): void;
};

export function engagedClock(start: number, visible = true, focused = true): EngagedClock {
  let total = 0;
  let since: number | null = null;
  let lastActivity = start;
  // Stops the running span where the visitor went idle, if they did.
  const settle = (now: number) => {
    const idleAt = lastActivity + IDLE_AFTER_MS;
    if (since !== null && now >= idleAt) {
      total += Math.max(0, idleAt - since);
      since = null;
    }
  };
  const update = (now: number) => {
    const engaged = visible && focused && now - lastActivity < IDLE_AFTER_MS;
    if (engaged && since === null) since = now;
    if (!engaged && since !== null) {
      total += now - since;
      since = null;
    }
  };
  update(start);
  return {
    read(now) {
      settle(now);
      return Math.round(total + (since === null ? 0 : now - since));
    },
    setVisible(value, now) {
      settle(now);
      visible = value;
      update(now);
    },
    setFocused(value, now) {
      settle(now);
      focused = value;
      update(now);
    },
    activity(now) {
      settle(now);
      lastActivity = now;
      update(now);
    },
  };
}
