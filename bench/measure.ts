/** Small statistics the benchmarks share. */
export const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
export const worst = (xs: number[]) => Math.max(...xs);

/** `runs` timings of `run` in ms, after one warm-up run (statement cache, page cache). */
export async function timed(run: () => unknown, runs: number): Promise<number[]> {
  await run();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  return times;
}
