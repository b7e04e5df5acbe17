/** A visit ends after 30 minutes without any event; the next event starts a new one. */
export const VISIT_GAP_MS = 30 * 60_000;

/** The visit id and the time of its latest event (kept in the visitor's browser). */
export type VisitState = { id: string; at: number };

/**
 * The visit an event at `now` belongs to: the current one, or a fresh one (a new id) after
 * the gap or when the clock went back more than a minute.
 */
export const visitFor = (state: VisitState | null, now: number, newId: () => string): VisitState =>
  state && now - state.at < VISIT_GAP_MS && now >= state.at - 60_000
    ? { id: state.id, at: Math.max(now, state.at) }
    : { id: newId(), at: now };
