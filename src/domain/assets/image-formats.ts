/**
 * The image formats Kindling keeps, by the format a file really is (read from its bytes,
 * never its name or declared type). Plain data, so the browser's upload pickers offer the
 * same list the server accepts.
 */
export const IMAGE_FORMATS: Record<string, { ext: string; type: string }> = {
  png: { ext: 'png', type: 'image/png' },
  jpeg: { ext: 'jpg', type: 'image/jpeg' },
  webp: { ext: 'webp', type: 'image/webp' },
  gif: { ext: 'gif', type: 'image/gif' },
};

/** For a file input's `accept`. */
export const ACCEPTED_IMAGE_TYPES = Object.values(IMAGE_FORMATS)
  .map((f) => f.type)
  .join(',');
