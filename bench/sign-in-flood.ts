/**
 * A member's sign-in while strangers flood sign-up (issue 29.8): 32 sign-ups at a time from
 * 32 addresses, wave after wave, and the owner signing in again and again meanwhile. The
 * baseline is the same sign-in on the same server with nothing else going on. Password
 * hashes run one at a time; checking a member's password goes before new hashes, and the
 * sign-ups past a short queue are told to come back (503, Retry-After).
 */
import { Client, OWNER, setUpOwner } from '../test/helpers/http-session';
import { startServer } from '../test/helpers/server';
import { writeSection } from './results-file';

const SIGN_INS = Number(process.env.BENCH_SIGN_INS ?? 20);
const WAVE = 32;

const quantile = (values: number[], q: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
};

async function signInTimes(base: string, n: number): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const res = await new Client(base).request('/admin/login', {
      method: 'POST',
      headers: { 'x-forwarded-for': '192.0.2.10' },
      form: { email: OWNER.email, password: OWNER.password },
    });
    if (res.status !== 303) throw new Error(`sign-in answered ${res.status}`);
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const server = await startServer({ SIGNUP: 'open', TRUST_PROXY: '1', PASSWORD_HASH_COST: '17' });
  try {
    await setUpOwner(server.url);
    const quiet = await signInTimes(server.url, SIGN_INS);
    let flooding = true;
    let wave = 0;
    const outcomes = { made: 0, refused: 0, other: 0 };
    const flood = (async () => {
      while (flooding) {
        const w = wave++;
        const answers = await Promise.all(
          Array.from({ length: WAVE }, (_, i) =>
            new Client(server.url).request('/signup', {
              method: 'POST',
              // A fresh address per sign-up (the benchmarking range, RFC 2544): the per-network limit never steps in.
              headers: {
                'x-forwarded-for': `198.18.${w % 250}.${i + 1}`,
              },
              form: {
                name: `Wave ${w}-${i}`,
                email: `wave-${w}-${i}@example.com`,
                password: 'a-long-enough-password',
                workspaceName: `Wave ${w}-${i}`,
              },
            }),
          ),
        );
        for (const a of answers)
          outcomes[a.status === 303 ? 'made' : a.status === 503 ? 'refused' : 'other']++;
      }
    })();
    await new Promise((r) => setTimeout(r, 200));
    const flooded = await signInTimes(server.url, SIGN_INS);
    flooding = false;
    await flood;
    const row = (name: string, t: number[]) =>
      `| ${name} | ${quantile(t, 0.5).toFixed(0)} ms | ${quantile(t, 0.95).toFixed(0)} ms | ${Math.max(...t).toFixed(0)} ms |`;
    const markdown = `## Sign-in during a sign-up flood (\`npm run bench -- sign-in-flood\`)

The owner signs in ${SIGN_INS} times, one after another, alone and then while waves of ${WAVE}
sign-ups from ${WAVE} addresses keep arriving (${wave} waves: ${outcomes.made} accounts made,
${outcomes.refused} told to come back with 503 and Retry-After, ${outcomes.other} other answers).

| owner's sign-in | p50 | p95 | max |
| --- | --- | --- | --- |
${row('alone (baseline)', quiet)}
${row('during the flood', flooded)}

p95 during the flood / p95 alone: **${(quantile(flooded, 0.95) / quantile(quiet, 0.95)).toFixed(2)}×** (goal: p95 under 3 s).`;
    console.log(markdown);
    writeSection('sign-in-flood', markdown);
  } finally {
    await server.stop();
  }
}

await main();
