/** A visit ends after 30 minutes without any event; the next event starts a new one. */
export const VISIT_GAP_MS = 30 * 60_000;

export type VisitState = { id: string; lastEventAt: number };

/** The visit an event at `now` belongs to: the current one, or a fresh one after the gap. */
export function visitFor(
  state: VisitState | null,
  now: number,
  newId: () => string,
): { state: VisitState; isNew: boolean } {
  if (state && now - state.lastEventAt < VISIT_GAP_MS && now >= state.lastEventAt - 60_000)
    return { state: { id: state.id, lastEventAt: Math.max(now, state.lastEventAt) }, isNew: false };
  return { state: { id: newId(), lastEventAt: now }, isNew: true };
}
