import type { LeadFacts } from './facts';

/** Small, pure helpers the rules use to read facts and word their evidence. */

export const text = (v: unknown): string => (typeof v === 'string' ? v.trim() : '');

const given = (v: unknown) => v !== undefined && v !== '' && v !== false;

/** The most recent non-empty answer for a field meaning, and when it was given. */
export function answered(facts: LeadFacts, meaning: string): { value: unknown; at: number } | null {
  const s = facts.submissions.findLast((s) => given(s.answers[meaning]));
  return s ? { value: s.answers[meaning], at: s.at } : null;
}

/** The most recent non-empty answer for a field meaning. */
export const latestAnswer = (facts: LeadFacts, meaning: string): unknown =>
  answered(facts, meaning)?.value;

export const day = (ms: number): string => new Date(ms).toISOString().slice(0, 10);

export const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
};

export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;

/** Days from the first to the last of some times, to the nearest day (at least 1). */
export const daysSpanned = (times: number[]): number =>
  Math.max(1, Math.round((Math.max(...times) - Math.min(...times)) / 86_400_000));

export const lastOf = (times: number[]): number => Math.max(...times);
