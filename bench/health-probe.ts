import { spawn } from 'node:child_process';

/**
 * Probes /healthz as an orchestrator does while a benchmark runs: a new connection every
 * `everyMs`, a one-second budget. It runs in a process of its own, so the load generator's
 * busy event loop does not delay the probe's own clock.
 */
const PROBE = `
const { get } = require('node:http');
const [base, everyMs, budgetMs] = process.argv.slice(1);
const latencies = []; let timeouts = 0; let stopped = false;
const once = () => {
  const started = performance.now();
  const req = get(base + '/healthz', { agent: false, timeout: Number(budgetMs) }, (res) => {
    res.resume();
    res.on('end', () => latencies.push(performance.now() - started));
  });
  req.on('timeout', () => { timeouts++; latencies.push(Number(budgetMs)); req.destroy(); });
  req.on('error', () => {});
};
const timer = setInterval(once, Number(everyMs));
process.stdin.on('data', () => {
  clearInterval(timer);
  setTimeout(() => { console.log(JSON.stringify({ latencies, timeouts })); process.exit(0); }, Number(budgetMs) + 100);
});
`;

export function probeHealth(base: string, everyMs = 100, budgetMs = 1_000) {
  const child = spawn(process.execPath, ['-e', PROBE, base, String(everyMs), String(budgetMs)], {
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<void>((resolve) => child.on('exit', () => resolve()));
  return {
    async stop() {
      child.stdin.write('stop\n');
      await exited;
      const { latencies, timeouts } = JSON.parse(out) as { latencies: number[]; timeouts: number };
      const sorted = [...latencies].sort((a, b) => a - b);
      const at = (q: number) =>
        sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
      return {
        probes: sorted.length,
        timeouts,
        p50: at(0.5),
        p99: at(0.99),
        max: sorted.at(-1) ?? 0,
      };
    },
  };
}
