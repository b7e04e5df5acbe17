/**
 * Engaged time: the page is visible, the window focused, and the visitor did something
 * (input, scroll, pointer) in the last 15 seconds. Time is wall-clock only while all three
 * hold, so a tab left open over lunch counts for nothing. Pure: the caller passes `now`.
 */
export const IDLE_AFTER_MS = 15_000;

export class EngagedClock {
  private total = 0;
  private since: number | null = null;
  private visible: boolean;
  private focused: boolean;
  private lastActivity: number;

  constructor(now: number, visible = true, focused = true) {
    this.visible = visible;
    this.focused = focused;
    this.lastActivity = now;
    this.update(now);
  }

  /** Engaged milliseconds so far. */
  read(now: number): number {
    this.settle(now);
    return Math.round(this.total + (this.since === null ? 0 : now - this.since));
  }

  setVisible(visible: boolean, now: number): void {
    this.settle(now);
    this.visible = visible;
    this.update(now);
  }

  setFocused(focused: boolean, now: number): void {
    this.settle(now);
    this.focused = focused;
    this.update(now);
  }

  /** Input, scroll or pointer movement. */
  activity(now: number): void {
    this.settle(now);
    this.lastActivity = now;
    this.update(now);
  }

  /** Stops the running span where the visitor went idle, if they did. */
  private settle(now: number): void {
    if (this.since === null) return;
    const idleAt = this.lastActivity + IDLE_AFTER_MS;
    if (now >= idleAt) {
      this.total += Math.max(0, idleAt - this.since);
      this.since = null;
    }
  }

  private update(now: number): void {
    const engaged = this.visible && this.focused && now - this.lastActivity < IDLE_AFTER_MS;
    if (engaged && this.since === null) this.since = now;
    if (!engaged && this.since !== null) {
      this.total += now - this.since;
      this.since = null;
    }
  }
}
