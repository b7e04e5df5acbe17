import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const SITE = resolve(import.meta.dirname, '../../deploy/nginx-kindling.conf');

export type LoadBalancer = { url: string; stop: () => Promise<void> };

/**
 * Debian's nginx running deploy/nginx-kindling.conf as shipped, with the upstream's servers
 * and the listening port swapped for the test's: what a user installs is what is tested.
 * The port is chosen first (`freePort`), since the instances are told it as their SITE_URL.
 */
export async function startLoadBalancer(
  instanceUrls: string[],
  port: number,
): Promise<LoadBalancer> {
  const site = readFileSync(SITE, 'utf8');
  const servers = instanceUrls.map(
    (u) => `    server ${new URL(u).host} max_fails=1 fail_timeout=10s;`,
  );
  const rendered = site
    .replace(/^ {4}server 127\.0\.0\.1:\d+ .*\n/gm, '')
    .replace(/(upstream kindling_instances \{\n(?:\s*#.*\n)*)/, `$1${servers.join('\n')}\n`)
    .replace(/^ {4}listen 80;/m, `    listen 127.0.0.1:${port};`);
  if (!rendered.includes(servers[0]!)) throw new Error('deploy/nginx-kindling.conf changed shape');
  const prefix = mkdtempSync(join(tmpdir(), 'kindling-nginx-'));
  mkdirSync(join(prefix, 'logs'));
  writeFileSync(join(prefix, 'kindling.conf'), rendered);
  writeFileSync(
    join(prefix, 'nginx.conf'),
    `worker_processes 1;
pid ${prefix}/nginx.pid;
error_log ${prefix}/logs/error.log warn;
events { worker_connections 2048; }
http {
  access_log off;
  client_body_temp_path ${prefix}/body;
  proxy_temp_path ${prefix}/proxy;
  fastcgi_temp_path ${prefix}/fastcgi;
  uwsgi_temp_path ${prefix}/uwsgi;
  scgi_temp_path ${prefix}/scgi;
  include ${prefix}/kindling.conf;
}
`,
  );
  const child: ChildProcess = spawn(
    '/usr/sbin/nginx',
    ['-p', prefix, '-c', join(prefix, 'nginx.conf'), '-g', 'daemon off;'],
    { stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let errors = '';
  child.stderr!.on('data', (d: Buffer) => (errors += d.toString()));
  const exited = new Promise<void>((r) => child.on('exit', () => r()));
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    const up = await fetch(`${url}/healthz`).then(
      () => true,
      () => false,
    );
    if (up) break;
    if (child.exitCode !== null || i > 100) throw new Error(`nginx did not start: ${errors}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    url,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      rmSync(prefix, { recursive: true, force: true });
    },
  };
}
