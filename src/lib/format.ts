const dateTime = new Intl.DateTimeFormat('en-GB', {
  dateStyle: 'medium',
  timeStyle: 'short',
  timeZone: 'UTC',
});

/** Absolute, unambiguous times for the admin (UTC, since the server cannot know the viewer's zone). */
export const formatWhen = (ms: number): string => `${dateTime.format(new Date(ms))} UTC`;

export const formatPoints = (points: number): string =>
  points > 0 ? `+${points}` : String(points);
