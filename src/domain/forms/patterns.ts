/**
 * Pattern rules a marketer can put on a text field. A fixed table, not free-form regular
 * expressions: every pattern here is safe to run on the server (no catastrophic
 * backtracking) and its `source` works unchanged in the browser's `pattern` attribute.
 */
export const PATTERNS = {
  digits: { label: 'Digits only', source: '[0-9]+', message: 'Use digits only.' },
  letters: { label: 'Letters only', source: "[\\p{L} '\\-]+", message: 'Use letters only.' },
  alphanumeric: {
    label: 'Letters and digits',
    source: '[\\p{L}0-9]+',
    message: 'Use letters and digits only.',
  },
  website: {
    label: 'Website address',
    source: '(https?://)?[\\w.\\-]+\\.[a-zA-Z]{2,}(/\\S*)?',
    message: 'Enter a web address, like example.com.',
  },
  us_zip: {
    label: 'US ZIP code',
    source: '[0-9]{5}(-[0-9]{4})?',
    message: 'Enter a ZIP code, like 94107.',
  },
  uk_postcode: {
    label: 'UK postcode',
    source: '[A-Za-z]{1,2}[0-9][A-Za-z0-9]? ?[0-9][A-Za-z]{2}',
    message: 'Enter a postcode, like SW1A 1AA.',
  },
} as const;
export type PatternId = keyof typeof PATTERNS;
export const PATTERN_IDS = Object.keys(PATTERNS) as [PatternId, ...PatternId[]];
