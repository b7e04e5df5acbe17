import { afterAll, beforeAll } from 'vitest';
import { publishTemplatePage, setUpOwner, type Client } from './http-session';
import { startServer, type TestServer } from './server';

export type PublishedPageFixture = {
  server: TestServer;
  owner: Client;
  pageId: string;
  slug: string;
  editPath: string;
};

/**
 * A fresh server with an owner and the demo template published, for the whole test file.
 * The returned object is filled in before the first test runs.
 */
export function withPublishedPage(env: Record<string, string> = {}): PublishedPageFixture {
  const fixture = {} as PublishedPageFixture;
  beforeAll(async () => {
    fixture.server = await startServer(env);
    fixture.owner = await setUpOwner(fixture.server.url);
    Object.assign(fixture, await publishTemplatePage(fixture.owner));
  });
  afterAll(async () => {
    await fixture.server?.stop();
  });
  return fixture;
}
