/**
 * Engaged time: the page is visible, the window focused, and the visitor did something
 * (input, scroll, pointer) in the last 15 seconds. Time is wall-clock only while all three
 * hold, so a tab left open over lunch counts for nothing. The time source is passed in
 * (performance.now on the page, a fake clock in tests). A closure rather than a class, so
 * the minifier can shorten every name in the tracker.
 */
export const IDLE_AFTER_MS = 15_000;

export type EngagedClock = {
  /** Engaged milliseconds so far. */
  read(): number;
  setVisible(visible: boolean): void;
  setFocused(focused: boolean): void;
  /** Input, scroll or pointer movement. */
  activity(): void;
};

export function engagedClock(now: () => number, visible = true, focused = true): EngagedClock {
  let total = 0;
  let counted = now();
  let lastActivity = counted;
  // Every call first books the time since the last one. Visibility, focus and activity only
  // change at calls, so over that span the page was attentive or not throughout, and active
  // until 15 s after the last activity.
  const book = () => {
    const at = now();
    if (visible && focused)
      total += Math.max(0, Math.min(at, lastActivity + IDLE_AFTER_MS) - counted);
    return (counted = at);
  };
  return {
    read() {
      book();
      return Math.round(total);
    },
    setVisible(value) {
      book();
      visible = value;
    },
    setFocused(value) {
      book();
      focused = value;
    },
    activity() {
      lastActivity = book();
    },
  };
}
