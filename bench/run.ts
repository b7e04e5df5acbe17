/** `npm run bench [-- name…]`: runs the named benchmarks (all by default), one at a time. */
export {};
const ALL = [
  'page-views',
  'page-weight',
  'submissions',
  'beacons',
  'tracker-size',
  'rescore',
  'inbox',
  'postgres',
  'webhooks',
  'sign-in-flood',
  'keystroke-preview',
  'lighthouse',
  'experiments',
] as const;
const wanted = process.argv.slice(2).filter((a) => (ALL as readonly string[]).includes(a));
for (const name of wanted.length ? wanted : ALL) {
  console.log(`\n=== bench: ${name} ===`);
  await import(`./${name}.ts`);
}
