import type { Db } from './client';
import type { BlobStore } from '../src/shared/ports';
import { checkBlobKey as checkKey } from '../src/shared/blob-key';

/** Uploaded files in the database (BLOB_STORE=database): every instance sees them. */
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
