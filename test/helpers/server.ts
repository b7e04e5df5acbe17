import { TEST_HASH_COST } from './hash-cost';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { databaseEnv, dropDatabaseOf } from './db-file';

const root = resolve(import.meta.dirname, '../..');

export type TestServer = {
  url: string;
  dataDir: string;
  process: ChildProcess;
  logs: () => string;
  /** SIGTERM and wait for exit; resolves with the exit code. */
  stop: () => Promise<number | null>;
};

/**
 * A port nothing listens on now. The server is given it rather than port 0 because it builds
 * its own address (SITE_URL's default) from the port it is configured with.
 */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() => resolvePort(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts the real built server (`npm start`'s script) on a free port with a fresh DATA_DIR
 * (and, when the suite runs on PostgreSQL, a fresh database; `sqlite` keeps it on SQLite).
 */
export async function startServer(
  env: Record<string, string> = {},
  dataDir?: string,
  options: { sqlite?: boolean } = {},
): Promise<TestServer> {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'kindling-test-'));
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/app/start.ts'], {
    cwd: root,
    env: {
      ...process.env,
      PORT: String(await freePort()),
      HOST: '127.0.0.1',
      DATA_DIR: dir,
      LOG_REQUESTS: '0',
      // Every test client shares 127.0.0.1: tests of the limits set them back explicitly.
      SUBMIT_LIMIT_PER_IP: '1000000',
      SUBMIT_LIMIT_PER_PAGE: '1000000',
      BEACON_LIMIT_PER_IP: '1000000',
      // Password hashes at a test's cost (production's takes 128 MiB and ~0.1 s a hash).
      NODE_ENV: 'test',
      PASSWORD_HASH_COST: String(TEST_HASH_COST),
      ...(options.sqlite ? {} : await databaseEnv(dir)),
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d: Buffer) => (output += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (output += d.toString()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const onData = () => {
      const match = /"url":"(http:\/\/[^"]+)"/.exec(output);
      if (match) {
        clearTimeout(timer);
        child.stdout!.off('data', onData);
        resolveUrl(match[1]!.replace('localhost', '127.0.0.1'));
      }
    };
    child.stdout!.on('data', onData);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${output}`)));
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return {
    url,
    dataDir: dir,
    process: child,
    logs: () => output,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      const code = await exited;
      if (!dataDir) {
        await dropDatabaseOf(dir);
        rmSync(dir, { recursive: true, force: true });
      }
      return code;
    },
  };
}
