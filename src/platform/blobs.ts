import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve, sep } from 'node:path';
import type { Db } from '../../db/client';
import type { BlobStore } from '../shared/ports';
import { checkBlobKey as checkKey } from '../shared/blob-key';
import { DatabaseBlobStore } from '../../db/blob-store';

/*
 * Where uploaded files live, behind one small interface (BlobStore): a folder (the default, under
 * DATA_DIR/assets, which instances see when they share DATA_DIR), or the database, which
 * every instance sees wherever it runs (BLOB_STORE=database, db/blob-store.ts). Uploads are a few images a
 * workspace and read through the page cache of browsers (immutable URLs), so the database
 * carries them without a separate service to run.
 */

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

export type BlobStoreKind = 'folder' | 'database';

export const blobStoreFor = (kind: BlobStoreKind, db: Db, dataDir: string): BlobStore =>
  kind === 'database' ? new DatabaseBlobStore(db) : new FolderBlobStore(join(dataDir, 'assets'));
