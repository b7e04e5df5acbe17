const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Absolute, unambiguous times for the admin (UTC, since the server cannot know the viewer's zone). */
export const formatWhen = (ms: number): string => `${dateTime.format(new Date(ms))} UTC`;

export const formatPoints = (points: number): string =>
  points > 0 ? `+${points}` : String(points);

/** A share as a percentage: one decimal under 10 %, where the decimal still says something. */
export const formatPercent = (x: number): string =>
  `${(x * 100).toFixed(x > 0 && x < 0.1 ? 1 : 0)} %`;

/** "1 visit", "3 visits": a count with its noun, singular for one. */
export const countOf = (n: number, one: string, many = `${one}s`): string =>
  `${n} ${n === 1 ? one : many}`;
