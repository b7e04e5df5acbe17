import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { sql } from 'kysely';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Db } from '../../db/client';
import { signIn, type Client } from '../helpers/http-session';
import { startServer } from '../helpers/server';
import { dropPostgres, freshPostgresUrl, postgresTarget } from '../helpers/test-database';

/* Moving an install: a demo install on SQLite (leads, scores, timelines, an uploaded image)
   copied with `npm run db:copy` into an empty PostgreSQL database, then served from it.
   On either run of the suite: the source is always SQLite, the target always PostgreSQL. */

const root = resolve(import.meta.dirname, '../..');
/** What a user must find again after the move, read the same way from both databases. */
const KEPT: Record<string, string> = {
  leads:
    'select id, email, score, tier, breakdown_json, status, fields_json from leads order by id',
  submissions:
    'select id, lead_id, answers_json, consent_json, created_at from submissions order by id',
  lead_activity: 'select id, lead_id, type, at, data_json from lead_activity order by id',
  visits: 'select id, visitor_id, started_at from visits order by id',
  page_versions: 'select id, version_no, document_json from page_versions order by id',
};
/** A CLI run on this install's SQLite, whatever database the suite itself runs on. */
const cli = (script: string, args: string[], env: Record<string, string>) => {
  const { DATABASE_URL: _ignored, ...inherited } = process.env;
  return spawnSync(process.execPath, ['--import', 'tsx', script, ...args], {
    cwd: root,
    env: { ...inherited, ...env },
    encoding: 'utf8',
  });
};
const rowsOf = async (db: Db, query: string) => (await sql.raw(query).execute(db)).rows;
/** The inbox as a reader sees it: each lead's link, name and tier, in order. */
const inboxOf = async (client: Client) => {
  const { status, html } = await client.page('/admin/leads?sort=created');
  expect(status).toBe(200);
  const body = html.slice(html.indexOf('<tbody'), html.indexOf('</tbody>'));
  return body
    .replace(/<[^>]+>/g, ' ')
    .replace(/\b\d+\s+(second|minute|hour|day)s?\s+ago\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
};

describe('npm run db:copy: a SQLite install moved to PostgreSQL', () => {
  let dir: string;
  let target: string;
  let password: string;
  let imageId: string;
  let png: Buffer;
  let inboxBefore: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'kindling-copy-'));
    const demo = cli('src/cli/demo.ts', [], { DATA_DIR: dir });
    expect(demo.status, demo.stderr).toBe(0);
    password = /Password:\s+(\S+)/.exec(demo.stdout)![1]!;
    const server = await startServer({}, dir, { sqlite: true });
    try {
      const owner = await signIn(server.url, 'demo@kindling.local', password);
      png = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#0e7490' } })
        .png()
        .toBuffer();
      await owner.page('/admin/assets');
      const form = new FormData();
      form.set('_csrf', owner.csrf);
      form.set('file', new Blob([new Uint8Array(png)], { type: 'image/png' }), 'logo.png');
      const res = await owner.request('/admin/assets', { method: 'POST', body: form });
      imageId = /uploaded=([0-9a-f-]{36})/.exec(res.headers.get('location')!)![1]!;
      inboxBefore = await inboxOf(owner);
      expect(inboxBefore).toContain('Sam Okafor');
    } finally {
      await server.stop();
    }
    target = await freshPostgresUrl(true);
  }, 180_000);
  afterAll(async () => {
    if (target) await dropPostgres(target);
    rmSync(dir, { recursive: true, force: true });
  });

  it('copies every row and the image, with progress, and checks the counts', async () => {
    const copy = cli('src/cli/db-copy.ts', ['--to', target], { DATA_DIR: dir });
    expect(copy.status, copy.stderr + copy.stdout).toBe(0);
    expect(copy.stdout).toMatch(/leads: \d+ of \d+/);
    expect(copy.stdout).toMatch(/uploaded files: \d+ of \d+/);
    expect(copy.stdout).toContain('Every table matches');

    const source = openDatabase({ dialect: 'sqlite', file: join(dir, 'kindling.sqlite') });
    const copied = openDatabase(postgresTarget(target));
    try {
      for (const [table, query] of Object.entries(KEPT)) {
        const before = await rowsOf(source, query);
        expect(before.length, table).toBeGreaterThan(0);
        expect(await rowsOf(copied, query), table).toEqual(before);
      }
      const blob = await copied
        .selectFrom('blobs')
        .select('bytes')
        .where('key', 'like', `%${imageId}%`)
        .execute();
      expect(blob.length).toBeGreaterThan(0);
    } finally {
      await source.destroy();
      await copied.destroy();
    }

    const pgDir = mkdtempSync(join(tmpdir(), 'kindling-copied-'));
    try {
      const server = await startServer({ DATABASE_URL: target, BLOB_STORE: 'database' }, pgDir);
      try {
        const owner = await signIn(server.url, 'demo@kindling.local', password);
        expect(await inboxOf(owner)).toBe(inboxBefore);
        const image = await fetch(`${server.url}/assets/${imageId}/original.png`);
        expect(image.status).toBe(200);
        expect(Buffer.from(await image.arrayBuffer()).equals(png)).toBe(true);
      } finally {
        await server.stop();
      }
    } finally {
      rmSync(pgDir, { recursive: true, force: true });
    }
  });

  it('refuses a folder with no database, saying where it looked, and creates nothing', () => {
    const empty = mkdtempSync(join(tmpdir(), 'kindling-nodb-'));
    try {
      const run = cli('src/cli/db-copy.ts', ['--to', target], { DATA_DIR: empty });
      expect(run.status).toBe(2);
      expect(run.stderr).toContain(`No Kindling database at ${join(empty, 'kindling.sqlite')}`);
      expect(run.stdout).not.toContain('Done');
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it('refuses a target that already holds data, and leaves it as it was', async () => {
    const again = cli('src/cli/db-copy.ts', ['--to', target], { DATA_DIR: dir });
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/not empty .*nothing was copied/);
    const bad = cli('src/cli/db-copy.ts', ['--to', 'mysql://x@y/z'], { DATA_DIR: dir });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--to postgres://');
  });
});
