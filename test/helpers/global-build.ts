import { ensureBuilt } from '../../src/app/build-if-needed';

/** Build once before any server starts, so parallel test files never race to build. */
export default async function setup(): Promise<void> {
  await ensureBuilt();
}
