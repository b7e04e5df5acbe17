/**
 * One instance per process, whichever module graph asks: the start script (run by tsx)
 * and the bundled Astro server load separate copies of our modules, and state such as
 * rate-limit counters must be shared by both.
 */
export function processSingleton<T>(name: string, create: () => T): T {
  const key = Symbol.for(`kindling.${name}`);
  const holder = globalThis as unknown as Record<symbol, T | undefined>;
  return (holder[key] ??= create());
}
