import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Db } from '../../db/client';

/**
 * Where uploaded files live, behind one small interface: a folder (the default, under
 * DATA_DIR/assets, which instances see when they share DATA_DIR), or the database, which
 * every instance sees wherever it runs (BLOB_STORE=database). Uploads are a few images a
 * workspace and read through the page cache of browsers (immutable URLs), so the database
 * carries them without a separate service to run.
 */
export interface BlobStore {
  put(key: string, bytes: Buffer): Promise<void>;
  /** Null when there is no such blob. */
  get(key: string): Promise<Buffer | null>;
  /** Removes every blob whose key starts with `prefix/`. */
  removeAll(prefix: string): Promise<void>;
}

const KEY = /^[A-Za-z0-9_-]+(\/[A-Za-z0-9_.-]+)*$/;
function checkKey(key: string): string {
  if (!KEY.test(key) || key.includes('..')) throw new Error(`Not a blob key: ${key}`);
  return key;
}

export class FolderBlobStore implements BlobStore {
  constructor(private readonly root: string) {}

  private path(key: string): string {
    const path = resolve(this.root, checkKey(key));
    if (!path.startsWith(resolve(this.root) + sep)) throw new Error(`Not a blob key: ${key}`);
    return path;
  }

  async put(key: string, bytes: Buffer): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  async get(key: string): Promise<Buffer | null> {
    try {
      return await readFile(this.path(key));
    } catch {
      return null;
    }
  }

  async removeAll(prefix: string): Promise<void> {
    await rm(join(this.root, checkKey(prefix)), { recursive: true, force: true });
  }
}

export class DatabaseBlobStore implements BlobStore {
  constructor(private readonly db: Db) {}

  async put(key: string, bytes: Buffer): Promise<void> {
    await this.db
      .insertInto('blobs')
      .values({ key: checkKey(key), bytes, created_at: Date.now() })
      .onConflict((oc) => oc.column('key').doUpdateSet({ bytes }))
      .execute();
  }

  async get(key: string): Promise<Buffer | null> {
    const row = await this.db
      .selectFrom('blobs')
      .select('bytes')
      .where('key', '=', checkKey(key))
      .executeTakeFirst();
    return row ? Buffer.from(row.bytes) : null;
  }

  async removeAll(prefix: string): Promise<void> {
    await this.db
      .deleteFrom('blobs')
      .where('key', 'like', `${checkKey(prefix)}/%`)
      .execute();
  }
}

export type BlobStoreKind = 'folder' | 'database';

export const blobStoreFor = (kind: BlobStoreKind, db: Db, dataDir: string): BlobStore =>
  kind === 'database' ? new DatabaseBlobStore(db) : new FolderBlobStore(join(dataDir, 'assets'));
