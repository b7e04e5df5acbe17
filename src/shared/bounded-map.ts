/**
 * Sets a key in a Map used as a cache, dropping the oldest entry once it holds `max`: the
 * caches of prepared statements, published versions, live slugs and bot verdicts all stay
 * bounded the same way.
 */
export function setBounded<K, V>(map: Map<K, V>, key: K, value: V, max: number): V {
  if (map.size >= max && !map.has(key)) map.delete(map.keys().next().value as K);
  map.set(key, value);
  return value;
}
