export const UTM_KEYS = ['source', 'medium', 'campaign', 'term', 'content'] as const;
export type Utm = Partial<Record<(typeof UTM_KEYS)[number], string>>;

/**
 * The utm_* parameters of a landing URL (path and query, or a bare query string), trimmed
 * and bounded. Read on the server from the URL the tracker reports, so the script carries
 * no parsing code of its own.
 */
export function parseUtm(url: string): Utm {
  const params = new URLSearchParams(url.includes('?') ? url.slice(url.indexOf('?')) : url);
  const utm: Utm = {};
  for (const key of UTM_KEYS) {
    const value = params.get(`utm_${key}`)?.trim().slice(0, 100);
    if (value) utm[key] = value;
  }
  return utm;
}

export const DEVICE_CLASSES = ['mobile', 'tablet', 'desktop'] as const;
export type DeviceClass = (typeof DEVICE_CLASSES)[number];

/** Device class from the viewport width: phones below 768 px, tablets below 1024 px. */
export const deviceFor = (viewportWidth: number): DeviceClass =>
  viewportWidth < 768 ? 'mobile' : viewportWidth < 1024 ? 'tablet' : 'desktop';
