import { getSharedDbOrNull, openDatabase, setSharedDb, type Db } from '../../db/client';
import { migrateToLatest } from '../../db/migrator';
import { loadConfig, type Config } from './config';
import { blobStoreFor, type BlobStore } from '../platform/blobs';

let config: Config | undefined;
let opening: Promise<Db> | undefined;

export function appConfig(): Config {
  return (config ??= loadConfig());
}

/**
 * The process's database. `npm start` opens and migrates it before listening; under
 * `astro dev` the first request does it here instead.
 */
export function database(): Promise<Db> {
  const shared = getSharedDbOrNull();
  if (shared) return Promise.resolve(shared);
  opening ??= (async () => {
    const db = openDatabase(appConfig().databaseFile);
    await migrateToLatest(db);
    setSharedDb(db);
    return db;
  })();
  return opening;
}

/** The blob store config chose (stateless: built where it is needed). */
export const blobStore = (db: Db): BlobStore =>
  blobStoreFor(appConfig().BLOB_STORE, db, appConfig().dataDir);
